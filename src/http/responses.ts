import { z } from 'zod'
import { ErrorBody } from './schemas.js'

/** What the routes answer: the OpenAPI document shows it, and the serializer writes it. */

/**
 * An object that documents its fields and passes any other on unchanged, so the serializer never drops a
 * field a service adds; typed as a plain object, which services' interfaces satisfy.
 */
const open = <T extends z.ZodRawShape>(fields: T) => z.looseObject(fields) as unknown as z.ZodObject<T>

const nullable = <T extends z.ZodType>(t: T) => t.nullable()

/** An instant as the database gives it (serialized as an ISO 8601 string). */
const Instant = z.date().describe('时间 ISO 8601')
/** An instant the service already wrote as an ISO 8601 string. */
const InstantText = z.string().describe('时间 ISO 8601')

export const Hours = open({
  public: z.number().describe('公需科目学时 public hours'),
  professional: z.number().describe('专业科目学时 professional hours'),
  total: z.number().describe('合计 total'),
})

/** A stored activity record, in the vocabulary of docs/records.md. */
export const StoredRecord = open({ kind: z.string(), date: z.string() }).describe(
  '活动记录（字段见 docs/records.md）An activity record (fields: docs/records.md)',
)

/** The hours the engine credits one record (contract §1 Output). */
export const RecordCredit = open({
  id: z.string(),
  kind: z.string(),
  public: z.number(),
  professional: z.number(),
  basis: z.string().describe('依据：文号与条款 document number and clause'),
  notes: z.array(z.string()).describe('零学时或核减的说明 why hours are zero or reduced'),
})

/** A year (or a Qingdao window) as the engine evaluates it (contract §1 Output). */
export const Evaluation = open({
  policy: z.string(),
  year: z.number(),
  window: z.tuple([z.number(), z.number()]).optional().describe('滚动年度 the years of a window'),
  records: z.array(RecordCredit),
  totals: Hours,
  required: Hours,
  yearComplete: z.boolean().describe('视同完成 the year counts as complete'),
  compliant: z.boolean(),
  shortfall: Hours,
  years: z
    .array(open({ year: z.number(), totals: Hours, yearComplete: z.boolean() }))
    .optional()
    .describe('滚动年度内各年 each year of a window'),
  notes: z.array(z.string()).optional(),
})

/** One entry of a person's ledger: a credit, or a reversal pointing at the credit it cancels. */
export const LedgerEntry = open({
  personKey: z.string(),
  id: z.string(),
  entryType: z.enum(['credit', 'reversal']),
  year: z.number(),
  recordId: nullable(z.string()),
  record: nullable(StoredRecord),
  policyId: nullable(z.string()),
  public: z.number(),
  professional: z.number(),
  basis: z.string(),
  source: z.string().describe('来源 where the credit came from (application, roster, grant, import, …)'),
  actor: z.string(),
  actorOrganisationId: nullable(z.string()),
  reason: nullable(z.string()),
  reversesId: nullable(z.string()),
  creditKey: nullable(z.string()),
  creditRevision: nullable(z.number()),
  contentHash: nullable(z.string()),
  batchId: nullable(z.string()),
  createdAt: Instant,
}).describe('账本记录 A ledger entry')

/** A line of the person's ledger page: the entry with its activity's date, kind and title, and the reversal that cancelled it. */
export const LedgerLine = LedgerEntry.extend({
  date: nullable(z.string()).describe('活动日期（冲销记录为被冲销记录的日期）the activity date'),
  kind: nullable(z.string()).describe('学习形式 the record kind'),
  title: nullable(z.string()).describe('名称 the title'),
  reversedBy: nullable(
    open({
      id: z.string(),
      source: z.string().describe('revocation 撤销 / correction 更正'),
      reason: nullable(z.string()),
      basis: z.string(),
      createdAt: Instant,
    }),
  ).describe('已被冲销时的冲销记录 the reversal that cancelled this credit'),
}).describe('学时档案中的一条记录 A line of the ledger')

export const Person = open({
  personKey: z.string(),
  idMasked: z.string().describe('脱敏身份证号 masked ID number'),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  regionCode: z.string(),
  series: z.string(),
  titleLevel: z.string(),
  industry: nullable(z.string()),
  freelancer: z.boolean(),
})

export const PersonYear = open({
  person: Person,
  policy: z.string(),
  evaluation: Evaluation,
  entries: z.array(LedgerEntry).describe('每条计算记录对应的账本记录 the ledger entry behind each record'),
}).describe(
  '年度学时：计算结果及每条记录对应的账本记录 The year as the engine computes it, with the ledger entry behind each record',
)

export const Me = open({
  personKey: z.string(),
  name: z.string(),
  idMasked: z.string(),
  regionCode: z.string(),
  series: z.string(),
  titleLevel: z.string(),
  actor: z.string(),
}).describe('本人登记信息 The signed-in person')

export const Application = open({
  personKey: z.string(),
  id: z.string(),
  status: z.enum(['submitted', 'returned', 'rejected', 'approved', 'awaiting_confirmation']),
  source: z.string(),
  record: StoredRecord,
  reviewerOrganisationId: nullable(z.string()),
  reviewNote: nullable(z.string()),
  ledgerEntryId: nullable(z.string()),
  createdAt: InstantText,
  updatedAt: InstantText,
}).describe('申请 The application')

export const ApplicationListItem = Application.extend({
  personName: z.string(),
  idMasked: z.string().describe('脱敏身份证号 masked ID number'),
  credited: nullable(
    open({
      public: z.number(),
      professional: z.number(),
      approvedMax: nullable(z.number()).describe(
        '核减时审核核定的学时上限 the most the reviewer approved, when lower',
      ),
    }),
  ).describe('通过后记入的学时 the hours credited on approval'),
  proposal: nullable(open({ public: z.number(), professional: z.number(), basis: z.string() })).describe(
    "待审核申请的系统拟认定学时及依据（已处理或该年度无适用政策时为 null）the engine's proposal while the application waits",
  ),
})

export const Preview = open({ policy: z.string(), credit: RecordCredit }).describe(
  '拟认定学时及依据条款 The proposed hours and clause',
)

export const Submitted = open({ application: Application, preview: Preview }).describe(
  '已提交的申请及拟认定学时 The application and its proposed hours',
)

export const Evidence = open({
  id: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
}).describe('已保存的证明材料 The stored evidence')

export const ApplicationDetail = open({
  application: Application,
  personName: z.string(),
  idMasked: z.string().describe('脱敏身份证号 masked ID number'),
  proposal: nullable(
    open({
      policy: z.string(),
      public: z.number(),
      professional: z.number(),
      hours: z.number(),
      basis: z.string().describe('依据：文号与条款 document number and clause'),
      notes: z.array(z.string()),
    }),
  ).describe('待审核时系统拟认定的学时及依据 the proposed hours and clause, while it waits'),
  yearSoFar: nullable(
    open({
      year: z.number(),
      policy: z.string(),
      totals: Hours,
      required: Hours,
      shortfall: Hours,
      compliant: z.boolean(),
    }),
  ).describe("该人员本年度已登记学时与要求 the person's year so far against the requirement"),
  evidence: z.array(Evidence.extend({ createdAt: InstantText })),
  history: z.array(
    open({
      at: InstantText,
      action: z.string(),
      detail: z.unknown().describe('该步骤的审计内容（自由格式）the step as the audit trail holds it'),
    }),
  ),
}).describe('申请、证明材料与每一步处理 The application, its evidence and every step')

/** A file sent as an attachment. */
export const file = (description: string, ...mediaTypes: string[]) => ({
  description,
  content: Object.fromEntries(
    mediaTypes.map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }]),
  ) as Record<string, { schema: z.ZodType }>,
})

export const ComplianceRow = open({
  personKey: z.string(),
  name: z.string(),
  idMasked: z.string(),
  regionCode: z.string(),
  series: z.string(),
  policyId: nullable(z.string()),
  public: z.number(),
  professional: z.number(),
  total: z.number(),
  yearComplete: z.boolean(),
  compliant: z.boolean(),
  department: nullable(z.string()).describe('部门（单位名单）；地区名单为空 Department at the employer'),
  required: nullable(open({ total: z.number(), public: z.number(), professional: z.number() })).describe(
    '适用政策的年度要求；无适用政策为空 The yearly requirement of the policy',
  ),
  shortfall: nullable(open({ total: z.number(), public: z.number(), professional: z.number() })).describe(
    '尚差学时（视同完成为0）；无适用政策为空 What is still missing',
  ),
})

export const ComplianceSummary = open({
  year: z.number(),
  total: z.number(),
  compliant: z.number(),
  notCompliant: z.number(),
}).describe('筛选范围内的人数及达标、未达标人数 How many match, comply and do not')

export const Department = open({
  department: z.string(),
  staff: z.number().describe('在职人数 Current staff in it'),
})

export const PolicyInfo = open({
  id: z.string(),
  title: z.string(),
  documentNo: z.string(),
  jurisdiction: z.string().describe('GB/T 2260 行政区划代码'),
  effectiveFrom: z.string(),
  effectiveTo: nullable(z.string()),
  extends: nullable(z.string()),
})

export const CalendarDay = open({
  day: z.string(),
  kind: z.enum(['holiday', 'workday']),
  name: z.string(),
})

export const Imported = open({
  id: z.string().describe('导入批次 the import batch'),
  rows: z.number(),
  replayed: z.boolean().describe('此前已导入，未重复计入 imported before; nothing credited again'),
}).describe('导入批次 The import batch')

export const BatchEntry = open({
  id: z.string(),
  personKey: z.string(),
  name: nullable(z.string()),
  idMasked: nullable(z.string()),
  year: z.number(),
  kind: nullable(z.string()),
  date: nullable(z.string()),
  title: nullable(z.string()),
  public: z.number(),
  professional: z.number(),
  basis: z.string(),
  source: z.string(),
  creditKey: nullable(z.string()),
  actor: z.string(),
  createdAt: InstantText,
})

export const MentorshipSubmitted = open({
  id: z.string(),
  status: z.string(),
  mentees: z.number(),
}).describe('已报备的导师制项目 The mentorship filed')
export const MentorshipFiled = open({ id: z.string(), status: z.literal('filed') }).describe(
  '已备案 The filing recorded',
)
export const MentorshipEvaluated = open({
  id: z.string(),
  status: z.literal('evaluated'),
  credited: z.number().describe('登记学时的学员数 mentees credited'),
}).describe('已登记学时 The hours registered')

export const Notification = open({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: nullable(z.string()),
  createdAt: InstantText,
  read: z.boolean(),
})

export const Project = open({
  id: z.string(),
  institutionId: z.string(),
  title: z.string(),
  subject: z.enum(['public', 'professional']),
  way: z.enum(['face_to_face', 'online', 'public_course_exam']),
  startDate: z.string(),
  endDate: z.string(),
  schedule: z.string(),
  venue: z.string(),
  faculty: z.string(),
  rules: z.string(),
  hours: z.number(),
  fees: nullable(z.string()).describe('收费项目及标准（未填写为 null）fees, null when not stated'),
  advancedSeminar: z.boolean(),
  publishedAt: InstantText,
})

export const PublishedProject = Project.extend({
  institutionName: z.string(),
  publicationRule: nullable(open({ rule: z.string(), basis: z.string() })).describe(
    '所依据的公布规则（无则为 null）the publication rule the project was under',
  ),
}).describe('培训项目 The training project')

export const RosterUploaded = open({
  roster: open({
    id: z.string(),
    projectId: z.string(),
    version: z.number(),
    status: z.enum(['pending', 'confirmed', 'superseded', 'returned']),
    rowCount: z.number(),
    createdAt: InstantText,
  }),
  replayed: z.boolean().describe('此前已报送，未重复计入 reported before; nothing counted again'),
  diff: open({
    added: z.number(),
    removed: z.number(),
    changed: z.number(),
    persons: z.array(
      open({
        change: z.enum(['added', 'removed', 'changed']),
        name: z.string(),
        idMasked: z.string(),
        hoursBefore: nullable(z.number()),
        hoursAfter: nullable(z.number()),
      }),
    ),
  })
    .optional()
    .describe('与上一版本的差异 the difference from the version it replaces'),
}).describe('花名册版本（重复报送时为原版本）The roster version (the earlier one when sent again)')

export const RosterConfirmed = open({
  confirmed: z.number().describe('本次确认的人数 lines confirmed'),
  remaining: z.number().describe('尚待确认的人数 lines still to confirm'),
}).describe('确认结果 What was confirmed')

/** The difference of a roster version from the one before it. */
const RosterDiff = open({
  added: z.number(),
  removed: z.number(),
  changed: z.number(),
  persons: z.array(
    open({
      change: z.enum(['added', 'removed', 'changed']),
      name: z.string(),
      idMasked: z.string(),
      hoursBefore: nullable(z.number()),
      hoursAfter: nullable(z.number()),
    }),
  ),
})

export const OwnProject = Project.extend({
  state: z
    .enum(['published', 'running', 'finished'])
    .describe('已公布（未开始）、进行中、已结束 where the project stands today'),
  roster: nullable(
    open({
      id: z.string(),
      version: z.number(),
      status: z.enum(['pending', 'confirmed', 'superseded', 'returned']),
      rowCount: z.number(),
      createdAt: InstantText,
    }),
  ).describe('当前花名册（未报送为 null）the current roster, null before one is reported'),
}).describe('本单位的培训项目 One of the caller’s projects')

export const PublicationRuleNow = open({
  today: z.string(),
  rule: nullable(open({ rule: z.string(), basis: z.string() })).describe(
    '今天公布所依据的提前公布规则（无则为 null）the lead-time rule a project published today is under',
  ),
  earliestStart: nullable(z.string()).describe('今天公布最早的开班日期 the earliest start allowed today'),
})

export const RosterVersions = open({
  project: Project,
  versions: z.array(
    open({
      id: z.string(),
      version: z.number(),
      status: z.enum(['pending', 'confirmed', 'superseded', 'returned']),
      rowCount: z.number(),
      correctionReason: nullable(z.string()),
      createdAt: InstantText,
      diff: nullable(RosterDiff).describe(
        '与上一版本的差异（第1版为 null）the difference from the version before',
      ),
    }),
  ),
}).describe('花名册的各版本，最新的在前 The versions of a project’s roster, newest first')

export const UploadProgressBody = open({
  phase: z.enum(['checking', 'saving', 'done']).describe('逐行校验中、保存中、已完成'),
  checked: z.number().describe('已读取并校验的行数 lines checked so far'),
  total: nullable(z.number()).describe('文件的行数（CSV；xlsx 为 null）lines in the file, when known'),
})

export const RosterDeadline = open({
  project: Project,
  due: z.string(),
  overdue: z.boolean(),
  workingDaysLeft: z.number(),
  basis: z.string(),
  provisional: z.boolean().describe('该年节假日尚未导入，期限为暂定 the date is provisional'),
  warning: nullable(z.string()),
})

const RosterStatus = z.enum(['pending', 'confirmed', 'superseded', 'returned'])

const RosterReportDeadline = nullable(
  open({
    due: z.string().describe('报送期限 YYYY-MM-DD'),
    provisional: z.boolean().describe('该年节假日尚未导入，期限为暂定 the date is provisional'),
    late: z.boolean().describe('逾期报送 reported after the due date'),
    basis: z.string(),
  }),
).describe('高级研修项目的报送期限；文件未规定的为空 The reporting deadline, where a text sets one')

export const RosterAwaiting = open({
  id: z.string(),
  projectId: z.string(),
  projectTitle: z.string(),
  projectEndDate: z.string(),
  institutionName: z.string(),
  version: z.number(),
  status: RosterStatus,
  rowCount: z.number(),
  awaiting: z.number().describe('待本单位确认的人数 lines waiting for the caller'),
  correctionReason: nullable(z.string()),
  returnReason: nullable(z.string()),
  returnedAt: nullable(InstantText),
  deadline: RosterReportDeadline,
  createdAt: InstantText,
})

export const RosterDetail = open({
  id: z.string(),
  version: z.number(),
  status: RosterStatus,
  rowCount: z.number(),
  createdAt: InstantText,
  correctionReason: nullable(z.string()),
  returnReason: nullable(z.string()),
  returnedAt: nullable(InstantText),
  project: open({
    id: z.string(),
    title: z.string(),
    subject: z.enum(['public', 'professional']),
    way: z.enum(['face_to_face', 'online', 'public_course_exam']),
    startDate: z.string(),
    endDate: z.string(),
    hours: z.number(),
    venue: z.string(),
    advancedSeminar: z.boolean(),
  }),
  institutionName: z.string(),
  deadline: RosterReportDeadline,
  awaiting: open({
    lines: z.number(),
    persons: z.number(),
    hours: z.number().describe('报送学时合计 reported hours'),
  }).describe('待本单位确认 What waits for the caller'),
  mayConfirm: z.boolean(),
  mayReturn: z.boolean(),
})

export const RosterLine = open({
  row: z.number().describe('文件中的行号 line in the file'),
  name: z.string(),
  idMasked: z.string(),
  hours: z.number(),
  days: nullable(z.number()),
  date: nullable(z.string()),
  confirmed: z.boolean(),
})

export const RosterReturned = open({
  id: z.string(),
  status: z.literal('returned'),
  returnReason: z.string(),
  returnedAt: InstantText,
})

export const RosterBulkSummary = open({
  rosters: z.number(),
  lines: z.number(),
  persons: z.number().describe('人数（去重）distinct persons'),
  hours: z.number().describe('报送学时合计 reported hours'),
  items: z.array(
    open({
      id: z.string(),
      projectTitle: z.string(),
      institutionName: z.string(),
      version: z.number(),
      lines: z.number(),
      hours: z.number(),
    }),
  ),
})

export const RosterBulkConfirmed = open({
  rosters: z.number(),
  confirmed: z.number().describe('本次确认的行数 lines confirmed'),
  remaining: z.number(),
  results: z.array(open({ id: z.string(), confirmed: z.number(), remaining: z.number() })),
})

export const YearEndReviewed = open({
  year: z.number(),
  reviewed: z.number(),
  compliant: z.number(),
}).describe('年终审核结果 The year-end review')

export const Departed = open({
  personKey: z.string(),
  leftOn: z.string(),
  review: open({ personKey: z.string(), year: z.number(), totals: Hours, compliant: z.boolean() })
    .optional()
    .describe('离职审核（该年无适用政策时省略）the review, absent when no policy covers the year'),
}).describe('离职审核结果 The departure review')

export const StaffMember = open({
  personKey: z.string(),
  name: z.string(),
  idMasked: z.string(),
  series: z.string(),
  titleLevel: z.string(),
  relation: z.string(),
  fromDate: z.string(),
  department: nullable(z.string()),
})

export const Joined = open({
  personKey: z.string(),
  name: z.string(),
  fromDate: z.string(),
  previousEmployer: nullable(
    open({ name: z.string(), leftOn: z.string() }).describe(
      '原单位及离职日期 the employer the person left, and when',
    ),
  ).describe('原单位（没有：首次在本系统登记聘用）null: the first employment on record'),
}).describe('调入的人员 The person taken on')

export const YearEndStatus = open({
  year: z.number(),
  staff: z.number().describe('在职人员数 current staff'),
  locked: z.number().describe('其中该年度已锁定的人数 of them, those whose year is locked'),
  review: nullable(
    open({
      persons: z.number().describe('审核人数 persons reviewed'),
      compliant: z.number().describe('其中达标 of them compliant'),
      reviewedAt: InstantText,
    }),
  ).describe(
    '本单位该年度的年终审核（未审核：null）this organisation’s review of the year, null when not done',
  ),
}).describe('年终审核状态 Where the year-end review of a year stands')

/** A roster refused: every bad row, and an uploaded file sent back with an 错误 column when it is small enough. */
export const RosterRefused = ErrorBody.extend({
  annotated: open({
    filename: z.string(),
    mediaType: z.string(),
    base64: z.string().describe('标注了错误列的文件 the file with an 错误 column, base64'),
  })
    .optional()
    .describe('标注错误的上传文件 the upload annotated with its errors'),
}).describe('错误，附标注错误的上传文件 Error, with the upload annotated')
