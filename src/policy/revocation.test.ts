import { describe, expect, it } from 'vitest'
import { NATIONAL_ERROR, NATIONAL_FRAUD, revocationBasis } from './revocation.js'

describe('撤销或更正学时的依据', () => {
  it.each([
    ['cn-engineering-2026', 'fraud', '工程技术人员继续教育规定（征求意见稿）第二十七条'],
    ['jiangsu-2023', 'fraud', '苏人社函〔2023〕308号 六'],
    ['changzhou-2024', 'fraud', '苏人社函〔2023〕308号 六'],
    ['qingdao-2023', 'fraud', '青人社字〔2023〕14号 六（三）'],
    ['jiangxi-2023', 'fraud', '工程技术人员继续教育规定（征求意见稿）第二十七条'],
    ['cn-engineering-2026', 'error', '工程技术人员继续教育规定（征求意见稿）第十七条（更正登记错误）'],
    ['jiangsu-2023', 'error', '苏人社函〔2023〕308号 五（二）（更正登记错误）'],
    ['qingdao-2023', 'error', '青人社字〔2023〕14号 五（更正登记错误）'],
    ['jiangxi-2023', 'error', '江西省人民政府令第259号 第十七条（更正登记错误）'],
    ['shandong-2016', 'error', '鲁人社发〔2016〕10号 （七）（更正登记错误）'],
  ] as const)('%s %s → %s', (policy, ground, basis) => {
    expect(revocationBasis(policy, ground).basis).toBe(basis)
  })

  it('308号 六 责令改正、给予警告; 14号 六（三） 责令整改 — each in its own words', () => {
    expect(revocationBasis('jiangsu-2023', 'fraud').says).toContain('责令改正、给予警告')
    expect(revocationBasis('qingdao-2023', 'fraud').says).toContain('责令整改')
    expect(revocationBasis('qingdao-2023', 'fraud').says).not.toContain('撤销')
  })

  it('an entry without a policy, or of an unknown one, cites the national rule', () => {
    expect(revocationBasis(null, 'fraud')).toBe(NATIONAL_FRAUD)
    expect(revocationBasis('toString', 'error')).toBe(NATIONAL_ERROR)
  })
})
