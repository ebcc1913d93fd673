/**
 * What an institution did wrong, as the texts name it: the ground a warning, 通报批评 or removal
 * (江西省人民政府令第259号 第二十五条) rests on, with the clause it breaches. Shown with the reason wherever the
 * decision is shown, the public credit record included.
 */
export const SANCTION_GROUNDS = {
  conditions: {
    label: '不具备与继续教育目的任务相适应的场所、设施、教材、师资或管理制度',
    basis: '工程技术人员继续教育规定（征求意见稿） 第十三条；江西省人民政府令第259号 第十五条',
  },
  faculty: {
    label: '师资队伍不符合要求',
    basis: '工程技术人员继续教育规定（征求意见稿） 第十四条',
  },
  duties: {
    label: '未执行教学计划、未如实建立继续教育档案或未公开范围、内容、收费项目及标准',
    basis: '工程技术人员继续教育规定（征求意见稿） 第十五条',
  },
  prohibited: {
    label: '弄虚作假招揽生源、以继续教育名义组织旅游、乱收费或只收费不培训、考试考核流于形式',
    basis: '工程技术人员继续教育规定（征求意见稿） 第十六条',
  },
  publication: {
    label: '未提前一个月在平台公布培训项目',
    basis: '江西省人民政府令第259号 第十六条',
  },
  reporting: {
    label: '未在结业后20个工作日内上报学时信息',
    basis: '苏人社函〔2023〕308号 五（二）',
  },
  other: {
    label: '其他违反继续教育规定的行为',
    basis: '江西省人民政府令第259号 第二十五条',
  },
} as const

export type SanctionGround = keyof typeof SANCTION_GROUNDS
export const GROUND_KEYS = Object.keys(SANCTION_GROUNDS) as [SanctionGround, ...SanctionGround[]]
