import { getPolicy, jurisdictionChain } from './registry.js'

/**
 * A procedural rule (what a text requires of whom, beyond crediting hours). It applies where its text
 * governs: to an organisation whose GB/T 2260 region lies in the text's jurisdiction, on a day the text
 * is in force. The basis goes wherever the rule is applied or shown.
 */
export interface Procedure {
  /** The policy id of the text that imposes the rule. */
  policy: string
  basis: string
  /** The rule in the text's words. */
  rule: string
}

// 第十六条 继续教育机构实施继续教育培训项目，应当遵照继续教育学习指南，提前一个月在继续教育信息综合服务平台
// 公布后组织实施. No other text sets a lead time: cn-engineering-2026 第十五条 asks institutions to make their
// scope, content and fees public, and 308号, 常人社职〔2024〕1号, 鲁人社发〔2016〕10号 and 青人社字〔2023〕14号
// say nothing of publishing projects.
export const PUBLISH_A_MONTH_AHEAD: Procedure = {
  policy: 'jiangxi-2023',
  basis: '江西省人民政府令第259号 第十六条',
  rule: '继续教育机构实施继续教育培训项目，应当提前一个月在继续教育信息综合服务平台公布后组织实施',
}

// 五（二）专业技术人员参加人力资源社会保障部门举办的高级研修项目的，由承办单位在结业后20个工作日内统一通过
// “学时管理系统”上报学时信息. Changzhou registers hours under 308号 (常人社职〔2024〕1号 五); cn-engineering-2026
// 第二十一条 asks for 及时 without a number of days, so elsewhere no deadline is set.
export const ADVANCED_SEMINAR_REPORT: Procedure = {
  policy: 'jiangsu-2023',
  basis: '苏人社函〔2023〕308号 五（二）',
  rule: '高级研修项目由承办单位在结业后20个工作日内上报学时信息',
}
export const ADVANCED_SEMINAR_WORKING_DAYS = 20

/** Who organises public-subject courses with their exam: HR departments, and industry authorities where the text names them. */
export interface PublicCourseRule extends Procedure {
  authorities: boolean
}

export const PUBLIC_COURSE_ORGANISERS: readonly PublicCourseRule[] = [
  // 三 公需科目培训由市人力资源和社会保障局统一组织实施，采取网络学习和考试的形式
  {
    policy: 'changzhou-2024',
    basis: '常人社职〔2024〕1号 三',
    rule: '公需科目培训由市人力资源和社会保障局统一组织实施',
    authorities: false,
  },
  // 五（二）参加人力资源社会保障部门举办的公需科目学习并已经由所属设区市人力资源社会保障部门记录继续教育学时的，
  // 由设区市人力资源社会保障部门统一通过“学时管理系统”定期上报学时信息
  {
    policy: 'jiangsu-2023',
    basis: '苏人社函〔2023〕308号 五（二）',
    rule: '公需科目学习由人力资源社会保障部门举办，由设区市人力资源社会保障部门上报学时',
    authorities: false,
  },
  // 三（一）公需科目由各级人力资源社会保障部门或有关行业主管部门组织实施
  {
    policy: 'qingdao-2023',
    basis: '青人社字〔2023〕14号 三（一）',
    rule: '公需科目由各级人力资源社会保障部门或有关行业主管部门组织实施',
    authorities: true,
  },
  // （四）公需科目由人力资源社会保障部门、相关行业主管部门组织实施
  {
    policy: 'shandong-2016',
    basis: '鲁人社发〔2016〕10号 （四）',
    rule: '公需科目由人力资源社会保障部门、相关行业主管部门组织实施',
    authorities: true,
  },
  // 第九条 公需科目由省人民政府人力资源社会保障主管部门统一确定并发布
  {
    policy: 'jiangxi-2023',
    basis: '江西省人民政府令第259号 第九条',
    rule: '公需科目由省人民政府人力资源社会保障主管部门统一确定并发布',
    authorities: false,
  },
]

/** Whether the procedure's text governs an organisation of `region` on `date` (YYYY-MM-DD). */
export function governs(procedure: Procedure, region: string, date: string): boolean {
  const text = getPolicy(procedure.policy)
  return (
    jurisdictionChain(region).includes(text.jurisdiction) &&
    date >= text.effectiveFrom &&
    (text.effectiveTo === null || date <= text.effectiveTo)
  )
}

/** Of several texts' rules on one matter, the one of the most specific text that governs (a city's before its province's). */
export function governing<T extends Procedure>(
  rules: readonly T[],
  region: string,
  date: string,
): T | undefined {
  for (const code of jurisdictionChain(region)) {
    const found = rules.find((r) => getPolicy(r.policy).jurisdiction === code && governs(r, region, date))
    if (found) return found
  }
  return undefined
}
