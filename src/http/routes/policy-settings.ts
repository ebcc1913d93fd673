import { z } from 'zod'
import { pageOf } from '../../domain/pages.js'
import {
  changePolicySetting,
  policiesInForce,
  policySettingsOverview,
} from '../../services/policy-settings.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { PolicyInfo } from '../responses.js'
import { Errors, listOf, Page } from '../schemas.js'

const ADMIN_ONLY = '只有本部门管理员可以设置适用政策'

const Setting = z.object({
  id: z.string(),
  applies: z.boolean().describe('是否适用 whether the policy applies'),
  fromYear: z.number().describe('自该年度起 from this year on (before it, the other way)'),
  reason: z.string().describe('调整理由'),
  setBy: z.string().describe('设置人'),
  setAt: z.string().describe('设置时间 ISO 8601'),
})

const SettablePolicy = z.object({
  id: z.string(),
  title: z.string().describe('文件名称'),
  documentNo: z.string().describe('文号'),
  jurisdiction: z.string().describe('GB/T 2260 行政区划代码（100000：全国）'),
  jurisdictionName: z.string().describe('适用范围'),
  series: z.array(z.string()).nullable().describe('只适用于这些职称系列（空：全部）'),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  current: Setting.nullable().describe(
    '现行设置（空：按文件自身的施行日期）the setting in force, null: the text decides',
  ),
  history: z.array(Setting).describe('历次设置，新的在前 every setting, newest first'),
})

const PolicyParam = z.object({
  policyId: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, '政策标识为小写字母、数字和连字符')
    .describe('政策标识，如 cn-engineering-2026'),
})

export function policySettingRoutes(api: Api, ctx: AppContext): void {
  const config = { access: ['hr_department'], sessionOnly: true, adminOnly: ADMIN_ONLY } as const
  api.get(
    '/settings/policies',
    {
      config,
      schema: {
        summary: '适用政策设置 Policies in force: settings',
        description:
          '本部署最高一级人社部门的管理员：可设置的每项政策（适用范围包含本辖区或在本辖区内），文号、有效期、现行设置和历次设置。' +
          "The deployment's top HR department (administrators): every policy it may set, with its validity, the setting in force and its history.",
        tags: ['settings'],
        response: {
          200: z
            .object({
              department: z.object({ name: z.string(), regionCode: z.string(), regionName: z.string() }),
              items: z.array(SettablePolicy),
            })
            .describe('可设置的政策 The settable policies'),
          ...Errors,
        },
      },
    },
    async (request) => policySettingsOverview(ctx.db, principalOf(request)),
  )
  api.put(
    '/settings/policies/:policyId',
    {
      config,
      schema: {
        summary: '调整适用政策 Change a policy setting',
        description:
          '是否适用、自哪一年度起（不早于文件施行的年度），须说明理由；记入审计。调整只影响此后的学时认定，已记入的学时不变（重新计算须另行审批，暂未提供）。' +
          'Whether the policy applies, from which year (not before the text takes effect), with a reason; audited. It governs crediting from now on; hours already credited keep their policy.',
        tags: ['settings'],
        params: PolicyParam,
        body: z.object({
          applies: z.boolean().describe('是否适用'),
          fromYear: z.number().int('起始年度须为整数').min(1990).max(2100).describe('自该年度起'),
          reason: z.string().trim().min(1, '请填写调整理由').max(500).describe('调整理由'),
        }),
        response: {
          200: z
            .object({ id: z.string(), policyId: z.string(), applies: z.boolean(), fromYear: z.number() })
            .describe('已保存的设置 The setting saved'),
          ...Errors,
        },
      },
    },
    async (request) =>
      changePolicySetting(ctx.db, principalOf(request), request.params.policyId, request.body),
  )
  api.get(
    '/policies',
    {
      config: { access: 'public' },
      schema: {
        summary: '适用政策 Policies in force',
        description:
          '本部署适用的政策文件：文号、适用范围、文件有效期，以及按本部署设置在此适用的起止年度（无需登录）。' +
          'The policies in force in this deployment, with document numbers, jurisdiction, validity and the years they apply here under its settings (public).',
        tags: ['system'],
        response: {
          200: listOf(
            PolicyInfo.extend({
              jurisdictionName: z.string().describe('适用范围'),
              fromYear: z.number().describe('在本部署自该年度起适用'),
              toYear: z.number().nullable().describe('在本部署适用至该年度（空：未定）'),
            }),
          ).describe('政策（一页）A page of policies'),
          ...Errors,
        },
        security: [],
        querystring: Page,
      },
    },
    async (request) => pageOf(await policiesInForce(ctx.db), request.query),
  )
}
