import { describe, expect, it } from 'vitest'
import {
  ADVANCED_SEMINAR_REPORT,
  governing,
  governs,
  PUBLIC_COURSE_ORGANISERS,
  PUBLISH_A_MONTH_AHEAD,
} from './procedures.js'

describe('江西 第十六条 提前一个月公布', () => {
  it.each([
    ['360102', '2026-05-01', true], // 南昌市东湖区
    ['361000', '2026-05-01', true], // 抚州市
    ['320400', '2026-05-01', false], // 常州市: not in Jiangxi
    ['370200', '2026-05-01', false],
    ['360102', '2023-02-28', false], // 第二十七条 自2023年3月1日起施行
    ['360102', '2023-03-01', true],
  ])('%s on %s → %s', (region, date, applies) => {
    expect(governs(PUBLISH_A_MONTH_AHEAD, region, date)).toBe(applies)
  })
})

describe('苏人社函〔2023〕308号 五（二） 高级研修项目结业后20个工作日内上报', () => {
  it.each([
    ['320400', '2025-09-26', true],
    ['320500', '2025-09-26', true], // any city of Jiangsu
    ['360100', '2025-09-26', false],
    ['370200', '2025-09-26', false],
    ['320400', '2023-09-19', false], // before the notice was issued
  ])('%s, ending %s → %s', (region, date, applies) => {
    expect(governs(ADVANCED_SEMINAR_REPORT, region, date)).toBe(applies)
  })
})

describe('公需科目 who organises public-subject courses', () => {
  it.each([
    ['320412', '2026-05-01', '常人社职〔2024〕1号 三', false],
    ['320500', '2026-05-01', '苏人社函〔2023〕308号 五（二）', false],
    ['370212', '2026-05-01', '青人社字〔2023〕14号 三（一）', true],
    ['370100', '2020-05-01', '鲁人社发〔2016〕10号 （四）', true],
    ['360102', '2026-05-01', '江西省人民政府令第259号 第九条', false],
  ])('%s on %s: %s (authorities too: %s)', (region, date, basis, authorities) => {
    expect(governing(PUBLIC_COURSE_ORGANISERS, region, date)).toMatchObject({ basis, authorities })
  })

  it.each([
    ['370100', '2026-05-01'], // 鲁人社发〔2016〕10号 expired on 2021-03-31
    ['110105', '2026-05-01'], // no text for Beijing
  ])('%s on %s: no text governs', (region, date) => {
    expect(governing(PUBLIC_COURSE_ORGANISERS, region, date)).toBeUndefined()
  })
})
