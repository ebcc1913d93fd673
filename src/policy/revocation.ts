/**
 * What a revocation cites: hours obtained by fraud (违规，弄虚作假) or a registration error corrected (更正错误),
 * under the policy the entry was credited by. Each basis quotes its own text; a text that says nothing of the
 * case falls back to the national rule.
 */
export type RevocationGround = 'fraud' | 'error'

export interface RevocationBasis {
  /** The clause, as the ledger and the notices cite it. */
  basis: string
  /** What the clause says, in its words (shown in the notice after the clause). */
  says: string
}

// 第二十七条 工程技术人员以欺骗、贿赂等不正当手段取得继续教育学时的，违规取得的学时予以撤销，并通报给用人单位。
export const NATIONAL_FRAUD: RevocationBasis = {
  basis: '工程技术人员继续教育规定（征求意见稿）第二十七条',
  says: '以欺骗、贿赂等不正当手段取得继续教育学时的，违规取得的学时予以撤销，并通报给用人单位',
}

// 第十七条 工程技术人员参加继续教育实行学时登记管理。登记内容主要包括继续教育时间、内容、方式、学时数、机构等信息。
export const NATIONAL_ERROR: RevocationBasis = {
  basis: '工程技术人员继续教育规定（征求意见稿）第十七条（更正登记错误）',
  says: '工程技术人员参加继续教育实行学时登记管理',
}

// 308号 六 用人单位、继续教育机构、专业技术人员在继续教育学时登记中弄虚作假的，一经查实，由相应人力资源社会保障部门
// 和有关行业主管部门责令改正、给予警告。(常人社职〔2024〕1号 registers hours under 308号 and says nothing of fraud.)
const JIANGSU_FRAUD: RevocationBasis = {
  basis: '苏人社函〔2023〕308号 六',
  says: '在继续教育学时登记中弄虚作假的，一经查实，由相应人力资源社会保障部门和有关行业主管部门责令改正、给予警告',
}

// 308号 五（二）各企事业单位、人力资源服务机构审核专业技术人员学习证明文件，并按学时认定标准将其参加继续教育的情况
// 如实核准登记入“学时管理系统”。
const JIANGSU_ERROR: RevocationBasis = {
  basis: '苏人社函〔2023〕308号 五（二）（更正登记错误）',
  says: '按学时认定标准将其参加继续教育的情况如实核准登记',
}

// 14号 六（三）若发现用人单位或专业技术人员不认真履行职责、徇私舞弊、弄虚作假的，由人力资源社会保障部门或有关行业
// 主管部门责令整改。
const QINGDAO_FRAUD: RevocationBasis = {
  basis: '青人社字〔2023〕14号 六（三）',
  says: '发现用人单位或专业技术人员弄虚作假的，由人力资源社会保障部门或有关行业主管部门责令整改',
}

// 14号 五 各用人单位负责对所属专业技术人员参加继续教育的时间、方式、内容、完成学时等情况进行考核认定，如实登记继续教育学时。
const QINGDAO_ERROR: RevocationBasis = {
  basis: '青人社字〔2023〕14号 五（更正登记错误）',
  says: '各用人单位负责考核认定，如实登记继续教育学时',
}

// 第十七条 行业组织和用人单位应当建立继续教育登记管理制度，对专业技术人员参加继续教育的种类、内容、时间、考试考核
// 结果以及学时认定情况进行记录。(第二十五条 concerns institutions and employers, not a person's hours.)
const JIANGXI_ERROR: RevocationBasis = {
  basis: '江西省人民政府令第259号 第十七条（更正登记错误）',
  says: '对专业技术人员参加继续教育的种类、内容、时间、考试考核结果以及学时认定情况进行记录',
}

// （七）用人单位要建立继续教育登记管理制度，对专业技术人员参加继续教育的种类、内容、时间和考试考核结果等情况进行核实和记录。
const SHANDONG_ERROR: RevocationBasis = {
  basis: '鲁人社发〔2016〕10号 （七）（更正登记错误）',
  says: '对专业技术人员参加继续教育的种类、内容、时间和考试考核结果等情况进行核实和记录',
}

const BY_POLICY: Record<string, Record<RevocationGround, RevocationBasis>> = {
  'jiangsu-2023': { fraud: JIANGSU_FRAUD, error: JIANGSU_ERROR },
  'changzhou-2024': { fraud: JIANGSU_FRAUD, error: JIANGSU_ERROR },
  'qingdao-2023': { fraud: QINGDAO_FRAUD, error: QINGDAO_ERROR },
  // 江西 259号 and 鲁人社发〔2016〕10号 say nothing of a person's fraud: the national 第二十七条 applies.
  'jiangxi-2023': { fraud: NATIONAL_FRAUD, error: JIANGXI_ERROR },
  'shandong-2016': { fraud: NATIONAL_FRAUD, error: SHANDONG_ERROR },
}

/** The basis of revoking (fraud) or correcting (error) an entry credited under `policyId` (null: none recorded). */
export const revocationBasis = (policyId: string | null, ground: RevocationGround): RevocationBasis =>
  (policyId !== null && Object.hasOwn(BY_POLICY, policyId) ? BY_POLICY[policyId]?.[ground] : undefined) ??
  (ground === 'fraud' ? NATIONAL_FRAUD : NATIONAL_ERROR)
