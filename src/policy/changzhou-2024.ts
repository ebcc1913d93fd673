import { clauses, jiangsu2023, jiangsuRules, SELF_STUDY_CAP } from './jiangsu-2023.js'
import type { Part, Policy, Rule, Rules } from './policy.js'
import { part, publicHours } from './policy.js'
import type { ActivityRecord, Kind } from './types.js'

const DOC = '常人社职〔2024〕1号'
const c = clauses(DOC)
export const PUBLIC_COURSE = `${DOC} 三`

const AS_PROFESSIONAL = '常州：四所列方式计入专业科目学时；公需科目以市人社局组织的网络学习并考试合格计（三）'

// 四 按下列认定标准计入本人当年度继续教育专业科目学时 — in Changzhou every way of 四 counts as
// professional; public hours come only from the city's public-subject courses (三).
function asProfessional(p: Part): Part {
  if (p.public === 0) return p
  return part(0, p.public + p.professional, p.basis, AS_PROFESSIONAL, p.bucket)
}

function professionalOnly(rules: Rules): Rules {
  const out: Record<string, Rule<ActivityRecord>> = {}
  for (const [kind, rule] of Object.entries(rules) as [Kind, Rule<ActivityRecord>][]) {
    out[kind] = (r, ctx) => {
      const p = rule(r, ctx)
      return Array.isArray(p) ? (p as readonly Part[]).map(asProfessional) : asProfessional(p as Part)
    }
  }
  return out as Rules
}

export const changzhou2024: Policy = {
  ...jiangsu2023,
  id: 'changzhou-2024',
  title: '关于加强我市专业技术人员继续教育工作的通知',
  documentNo: DOC,
  jurisdiction: '320400',
  effectiveFrom: '2024-01-08', // 印发日期
  effectiveTo: null,
  selfName: '本通知',
  inForceBasis: `${DOC} 发文日期`,
  extends: 'jiangsu-2023',
  // 四 每年累计应不少于90学时，其中公需科目不少于30学时，专业科目不少于60学时。
  required: { total: 90, public: 30, professional: 60 },
  caps: {
    [SELF_STUDY_CAP]: { total: 30, basis: c.selfStudy, label: '自学每年累计不超过30学时' },
  },
  waysBasis: `${c.ways}；${PUBLIC_COURSE}`,
  dedupBasis: c.papers,
  rules: {
    ...professionalOnly(jiangsuRules(DOC)),
    // 三 完成一门公需科目的学习且考试合格的计30学时。
    public_course_exam: () => publicHours(30, PUBLIC_COURSE),
  },
}
