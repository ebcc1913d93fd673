import { deflateSync } from 'node:zlib'
import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import { chinaToday } from '../domain/china-date.js'
import type { Principal } from './accounts.js'
import { actorOf, decide, submitApplication } from './applications.js'
import { attachEvidence } from './evidence.js'
import { previewCredit } from './ledger.js'

/**
 * The demo's review queue: applications filed through the real application service (every rule
 * applies), with small generated evidence, so that the reviewer's desk has work on it and the demo
 * person has one application of each outcome. The queue's times are then set back over the past weeks,
 * as if the applications had come in one by one.
 */

const DAY_MS = 24 * 60 * 60 * 1000

/** What a staff member applies for, and how many days ago it was submitted. */
interface Filing {
  record: Record<string, unknown>
  /** Days between the activity and today. */
  daysAgo: number
  /** Days the application has been waiting. */
  waiting: number
  evidence: 'pdf' | 'png'
}

const STAFF_FILINGS: Filing[] = [
  {
    record: {
      kind: 'training',
      title: '智能制造高级研修班',
      subject: 'professional',
      organizer: 'institution',
      days: 3,
      hours: 24,
    },
    daysAgo: 40,
    waiting: 34,
    evidence: 'pdf',
  },
  {
    record: { kind: 'paper', title: '数控机床主轴热变形补偿研究', authorship: 'first', cnJournal: true },
    daysAgo: 60,
    waiting: 30,
    evidence: 'pdf',
  },
  {
    record: { kind: 'conference', title: '江苏省机械工程学会年会', level: 'provincial', days: 1, hours: 6 },
    daysAgo: 35,
    waiting: 27,
    evidence: 'png',
  },
  {
    record: { kind: 'online_course', title: '工业互联网平台应用', subject: 'professional', hours: 16 },
    daysAgo: 30,
    waiting: 23,
    evidence: 'png',
  },
  {
    record: { kind: 'patent', title: '一种精密夹具的快速定位装置', type: 'utility_model' },
    daysAgo: 90,
    waiting: 19,
    evidence: 'pdf',
  },
  {
    record: { kind: 'lecturing', title: '企业内训：质量管理体系', type: 'course', hours: 6 },
    daysAgo: 25,
    waiting: 15,
    evidence: 'pdf',
  },
  {
    record: {
      kind: 'training',
      title: '安全生产管理培训班',
      subject: 'professional',
      organizer: 'industry',
      days: 2,
      hours: 16,
    },
    daysAgo: 20,
    waiting: 11,
    evidence: 'png',
  },
  {
    record: { kind: 'book', title: '精密加工技术手册（第二版）', authorship: 'first' },
    daysAgo: 120,
    waiting: 8,
    evidence: 'pdf',
  },
  {
    record: { kind: 'online_course', title: '公需科目：数字素养提升', subject: 'public', hours: 12 },
    daysAgo: 12,
    waiting: 5,
    evidence: 'png',
  },
  {
    record: { kind: 'conference', title: '长三角先进制造论坛', level: 'national', days: 2, hours: 12 },
    daysAgo: 9,
    waiting: 2,
    evidence: 'pdf',
  },
]

/** The demo person's own: one waiting, one returned, one approved lower. */
const PERSON_FILINGS = {
  pending: {
    record: { kind: 'paper', title: '基于机器视觉的零件缺陷检测', authorship: 'sole', cnJournal: true },
    daysAgo: 50,
    waiting: 12,
    evidence: 'pdf',
  },
  returned: {
    record: { kind: 'online_course', title: '数字化车间建设网络课程', subject: 'professional', hours: 10 },
    daysAgo: 45,
    waiting: 20,
    evidence: 'png',
  },
  approvedLower: {
    record: {
      kind: 'training',
      title: '精密测量技术研修班',
      subject: 'professional',
      organizer: 'institution',
      days: 3,
      hours: 24,
    },
    daysAgo: 70,
    waiting: 40,
    evidence: 'pdf',
  },
} satisfies Record<string, Filing>

const RETURN_REASON = '学习证明截图不清晰，看不到学时，请重新上传清晰的学习记录截图。'
const LOWER_REASON = '签到表显示本人缺勤一天，按实际参加的两天核定。'

/** Loads the demo's applications (called once, from the demo's own transaction). */
export async function loadDemoApplications(trx: Transaction<DB>, dataDir: string): Promise<void> {
  const employer = await trx
    .selectFrom('app_user')
    .select(['id', 'username', 'organisation_id'])
    .where('username', '=', 'demo-employer')
    .executeTakeFirstOrThrow()
  const person = await trx
    .selectFrom('app_user')
    .select('person_key')
    .where('username', '=', 'demo-person')
    .executeTakeFirstOrThrow()
  const organisationId = employer.organisation_id as string
  const demoPerson = person.person_key as string
  const staff = await trx
    .selectFrom('employment')
    .select('person_key')
    .where('organisation_id', '=', organisationId)
    .where('to_date', 'is', null)
    .where('person_key', '!=', demoPerson)
    .orderBy('person_key')
    .limit(STAFF_FILINGS.length)
    .execute()
  const reviewer: Principal = {
    userId: employer.id,
    username: employer.username,
    role: 'employer',
    organisationId,
    personKey: null,
    via: 'session',
    secondFactorDone: true,
    totpEnabled: false,
  }
  const file = (personKey: string, f: Filing) => fileApplication(trx, dataDir, personKey, f)

  for (const [i, { person_key }] of staff.entries()) await file(person_key, STAFF_FILINGS[i] as Filing)
  await file(demoPerson, PERSON_FILINGS.pending)
  const returned = await file(demoPerson, PERSON_FILINGS.returned)
  await decide(trx, reviewer, demoPerson, returned, { action: 'return', reason: RETURN_REASON })
  const lower = await file(demoPerson, PERSON_FILINGS.approvedLower)
  const { credit } = await previewCredit(trx, demoPerson, recordOf(PERSON_FILINGS.approvedLower))
  const hours = Math.round(((credit.public + credit.professional) * 2) / 3)
  await decide(trx, reviewer, demoPerson, lower, { action: 'approve', hours, reason: LOWER_REASON })
}

const daysBefore = (days: number) => new Date(Date.now() - days * DAY_MS)
const recordOf = (f: Filing) => ({ ...f.record, date: chinaToday(daysBefore(f.daysAgo)) })

/** One application with its evidence, as the person would file it; its times set back `waiting` days. */
async function fileApplication(trx: Transaction<DB>, dataDir: string, personKey: string, f: Filing) {
  const applicant: Principal = {
    userId: null,
    username: 'demo',
    role: 'person',
    organisationId: null,
    personKey,
    via: 'session',
    secondFactorDone: true,
    totpEnabled: false,
  }
  const application = await submitApplication(trx, applicant, recordOf(f))
  const title = String(f.record.title ?? f.record.kind)
  await attachEvidence(trx, dataDir, actorOf(applicant), {
    personKey,
    recordId: application.id,
    filename: f.evidence === 'pdf' ? `${title}-证明.pdf` : `${title}-证书照片.png`,
    bytes: f.evidence === 'pdf' ? demoPdf(`Evidence ${application.id.slice(0, 8)}`) : demoPng(),
  })
  const at = daysBefore(f.waiting)
  await trx
    .updateTable('activity_record')
    .set({ created_at: at, updated_at: at })
    .where('person_key', '=', personKey)
    .where('id', '=', application.id)
    .execute()
  return application.id
}

/** A one-page PDF (valid: objects, cross-reference table, trailer) that says `text`. */
export function demoPdf(text: string): Buffer {
  const line = (y: number, size: number, s: string) => `BT /F1 ${size} Tf 72 ${y} Td (${s}) Tj ET`
  const content = [
    line(720, 24, 'Certificate of Completion'),
    line(680, 14, text.replace(/[()\\]/g, '')),
    line(650, 12, 'Xueshi demo evidence'),
    '0.2 0.3 0.6 RG 4 w 40 40 532 712 re S',
  ].join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  for (const [i, o] of objects.entries()) {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  }
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A small PNG (RGB, 360×240) that looks like a photographed certificate: a cream page, a red seal, lines. */
export function demoPng(width = 360, height = 240): Buffer {
  const rows: Buffer[] = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3)
    for (let x = 0; x < width; x++) {
      const border = x < 10 || y < 10 || x >= width - 10 || y >= height - 10
      const text = y > 50 && y < 180 && (y - 50) % 22 < 4 && x > 40 && x < width - 110
      const seal = (x - (width - 70)) ** 2 + (y - (height - 60)) ** 2 < 32 ** 2
      const [r, g, b] = border ? [150, 40, 40] : seal ? [200, 30, 30] : text ? [60, 60, 60] : [250, 246, 232]
      row.writeUInt8(r, 1 + x * 3)
      row.writeUInt8(g, 2 + x * 3)
      row.writeUInt8(b, 3 + x * 3)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.writeUInt8(8, 8) // bit depth
  header.writeUInt8(2, 9) // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
