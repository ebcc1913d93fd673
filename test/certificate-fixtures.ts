import type { CertificateActivity, SignedCertificate } from '../src/services/certificate-content.js'

const JIANGSU = '苏人社函〔2023〕308号'

/** A signed certificate built by hand (signature values are placeholders: these tests never verify them). */
export function certificate(
  overrides: { name?: string; activities?: CertificateActivity[]; serial?: string } = {},
): SignedCertificate {
  const activities = overrides.activities ?? [
    activity(1, '2024-03-12', '培训', '常州市专业技术人员公需科目培训', 24, 0, `${JIANGSU} 四（一）`),
    activity(2, '2024-05-20', '网络学习', '智能制造工程技术前沿（网络课程）', 0, 32, `${JIANGSU} 四（三）`),
    activity(3, '2024-09-08', '发表论文', '数控机床热误差补偿方法研究', 0, 30, `${JIANGSU} 四（九）`),
  ]
  const pub = sum(activities, 'public')
  const pro = sum(activities, 'professional')
  return {
    content: {
      version: 1,
      serial: overrides.serial ?? 'XS-2024-320400-000123',
      code: 'Vx3kP9qL2mN8rT5wY7zA1b',
      issuedAt: '2026-12-02T01:30:00.000Z',
      issuer: { organisationId: 'org-hr-320400', name: '常州市人力资源和社会保障局', regionCode: '320400' },
      person: {
        name: overrides.name ?? '张𠮷',
        idMasked: '320***********1234',
        series: '工程技术',
        titleLevel: '中级',
      },
      employer: { name: '常州精密机械股份有限公司' },
      policy: {
        id: 'changzhou-2024',
        title: '常州市专业技术人员继续教育学时登记管理办法',
        documentNumber: '常人社规〔2024〕2号',
        regionCode: '320400',
      },
      period: { year: 2024, window: null, fromYear: 2024, toYear: 2024 },
      activities,
      totals: { public: pub, professional: pro, total: pub + pro },
      required: { public: 24, professional: 48, total: 72 },
      compliant: pub >= 24 && pro >= 48,
      verdict: pub >= 24 && pro >= 48 ? '达标' : `未达标，差 ${Math.max(0, 72 - pub - pro)} 学时`,
    },
    signatures: [
      { alg: 'Ed25519', kid: 'ed25519-2026-01', value: 'A'.repeat(86) },
      { alg: 'SM2-SM3', kid: 'sm2-2026-01', value: 'B'.repeat(86) },
    ],
    verifyUrl: 'https://xueshi.rsj.changzhou.gov.cn/verify/Vx3kP9qL2mN8rT5wY7zA1b',
  }
}

export function activity(
  n: number,
  date: string,
  way: string,
  subject: string,
  pub: number,
  pro: number,
  basis: string,
): CertificateActivity {
  return { entryId: `e${n}`, date, way, subject, public: pub, professional: pro, basis }
}

/** 40 activities: the table flows onto further pages. */
export function longCertificate(): SignedCertificate {
  const ways = ['培训', '网络学习', '学术会议', '进修', '自学']
  const acts = Array.from({ length: 40 }, (_, i) =>
    activity(
      i + 1,
      `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      ways[i % ways.length] as string,
      i % 7 === 0
        ? `第${i + 1}期 机械工程专业能力提升高级研修班（含现场教学与案例研讨、结业考核）`
        : `专业课程 第${i + 1}讲`,
      i % 4 === 0 ? 3 : 0,
      i % 4 === 0 ? 0 : 2.5,
      `${JIANGSU} 四（${['一', '二', '三', '五', '六'][i % 5]}）`,
    ),
  )
  return certificate({ name: '李䶮', activities: acts, serial: 'XS-2024-320400-000124' })
}

/** Qingdao's window of three years (学时证明). */
export function qingdaoWindow(): SignedCertificate {
  const base = certificate({
    name: '王小明',
    serial: 'XS-2023-370200-000007',
    activities: [
      activity(1, '2021-06-10', '培训', '青岛市公需科目网络培训', 30, 0, '青人社字〔2023〕14号 三（一）'),
      activity(2, '2022-04-18', '学历教育', '工程硕士（在职）', 0, 90, '青人社字〔2023〕14号 三（四）'),
      activity(3, '2023-10-09', '学术会议', '山东省海洋工程学术年会', 0, 12, '青人社字〔2023〕14号 三（五）'),
    ],
  })
  return {
    ...base,
    content: {
      ...base.content,
      issuer: { organisationId: 'org-hr-370200', name: '青岛市人力资源和社会保障局', regionCode: '370200' },
      employer: { name: '青岛海洋装备研究院' },
      policy: {
        id: 'qingdao-2023',
        title: '关于做好专业技术人员继续教育工作有关问题的通知',
        documentNumber: '青人社字〔2023〕14号',
        regionCode: '370200',
      },
      period: { year: 2023, window: 3, fromYear: 2021, toYear: 2023 },
      required: { public: 30, professional: 60, total: 90 },
      compliant: true,
      verdict: '达标',
    },
    verifyUrl: 'https://xueshi.hrss.qingdao.gov.cn/verify/Qd7Hk2LmP4',
  }
}

const sum = (as: CertificateActivity[], k: 'public' | 'professional') => as.reduce((s, a) => s + a[k], 0)
