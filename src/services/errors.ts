/** What a domain error takes besides its Chinese message: its cause, and the message in English (`Accept-Language: en`). */
export interface DomainErrorOptions {
  cause?: unknown
  en?: string
  /** The request field at fault, when one is (a duplicate credit code, a username taken). */
  field?: string
  /** A code more precise than the error class's, for the client to act on (e.g. account_disabled). */
  code?: string
}

/** A domain error: the message users see is Chinese; `en` holds the English where we have it. */
export class DomainError extends Error {
  readonly en?: string
  readonly field?: string
  readonly code?: string
  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.en = options.en
    this.field = options.field
    this.code = options.code
  }
}

/** What each entity is called in the messages users read. */
const ENTITY = {
  'activity record': '学时记录',
  account: '账户',
  adviser: '专家或学监的聘任',
  'api token': '接口令牌',
  'saved query': '常用查询',
  'spot check': '随机抽查',
  'spot check item': '抽查样本',
  'education fund report': '职工教育经费报告',
  'calendar day': '节假日安排中的日期',
  application: '学时登记申请',
  certificate: '学时证明',
  evidence: '证明材料',
  'evaluation round': '考核评估',
  'exchange partner': '交换方',
  'employment request': '人员确认申请',
  'evidence file': '证明材料文件',
  'ledger entry': '学时账户记录',
  mentorship: '导师制项目',
  notification: '通知',
  organisation: '单位',
  person: '人员',
  policy: '政策文件',
  region: '行政区划',
  registration: '单位注册申请',
  roster: '花名册',
  'training project': '培训项目',
  upload: '上传进度',
} as const

export type Entity = keyof typeof ENTITY

/** Domain errors the shells map: NotFound → 404 / exit 2, Invalid → 400 / exit 2, Conflict → 409 / exit 2. */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError'
  constructor(
    readonly entity: Entity,
    readonly key: string,
  ) {
    super(`未找到${ENTITY[entity]}（${key}）`, { en: `${entity} ${key} not found` })
  }
}

/** A field of some input that is missing or wrong; the message (Chinese) names the field. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError'
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`字段「${field}」：${problem}`)
  }
}

/** An uploaded file past one of its limits (file-limits.ts): too many rows, too large, a zip bomb (413). */
export class TooLargeError extends InvalidInputError {
  override name = 'TooLargeError'
  constructor(problem: string) {
    super('file', problem)
  }
}

/** Every worker that reads uploaded files is busy, and none came free in time (503): try again later. */
export class BusyError extends DomainError {
  override name = 'BusyError'
  constructor() {
    super('服务器正忙，正在处理其他上传的文件，请稍后重试', {
      en: 'the server is busy reading other uploaded files, try again later',
    })
  }
}

/** The deployment is missing a setting it needs (a key, a secret). */
export class ConfigurationError extends DomainError {
  override name = 'ConfigurationError'
}

/** The request contradicts the current state (reviewing twice, reversing twice). */
export class ConflictError extends DomainError {
  override name = 'ConflictError'
}

/** No valid session or token, or wrong credentials (401). */
export class UnauthorizedError extends DomainError {
  override name = 'UnauthorizedError'
}

/** Signed in, but not allowed to do this or see that (403). */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError'
}

/** The account is locked after too many failed logins (423). */
export class LockedError extends DomainError {
  override name = 'LockedError'
}

/** A bulk upload with bad rows: every problem, by row and column; nothing was written. */
export class InvalidRowsError extends Error {
  override name = 'InvalidRowsError'
  constructor(
    readonly rows: { row: number; column: string; reason: string }[],
    /** All problems found; `rows` may list only the first of them. */
    readonly total = rows.length,
  ) {
    super(
      `${total} 处错误，整份未导入：${rows
        .slice(0, 3)
        .map((r) => `第${r.row}行「${r.column}」${r.reason}`)
        .join('；')}${rows.length > 3 ? '…' : ''}`,
    )
  }
}
