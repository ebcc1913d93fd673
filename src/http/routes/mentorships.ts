import { z } from 'zod'
import { transact } from '../../services/audit.js'
import {
  evaluateMentorship,
  fileMentorship,
  listMentorships,
  submitMentorship,
} from '../../services/mentorships.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { MentorshipEvaluated, MentorshipFiled, MentorshipSubmitted } from '../responses.js'
import { Errors, listOf, Page, wholeNumber } from '../schemas.js'

const Id = z.object({ id: z.uuid() })
const Status = z.enum(['submitted', 'filed', 'evaluated'])

const Mentorship = z
  .object({
    id: z.string(),
    year: z.number(),
    title: z.string(),
    plan: z.string(),
    status: Status.describe('submitted 待备案 / filed 已备案 / evaluated 已评估并登记学时'),
    mentorName: z.string(),
    mentorIdMasked: z.string().describe('导师身份证号（脱敏）'),
    employerName: z.string(),
    menteeCount: z.number(),
    createdAt: z.string(),
    filedAt: z.string().nullable().describe('备案时间（未备案为 null）'),
    mentees: z.array(
      z.object({
        personKey: z.string().describe('评估时按此键给出学时 the key of hours in the evaluation'),
        name: z.string(),
        idMasked: z.string(),
        hours: z.number().nullable().describe('评估认定的学时（未评估为 null）'),
      }),
    ),
  })
  .describe('导师制项目 A mentorship')

export function mentorshipRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/mentorships',
    {
      config: { access: ['employer', 'hr_department'] },
      schema: {
        summary: '导师制项目 The mentorships',
        description:
          '用人单位看本单位的项目；人社部门看本地区及下级地区用人单位的项目（鲁人社发〔2016〕10号 （十九））。An employer sees its own; an HR department those of the employers in its region and below.',
        tags: ['mentorships'],
        querystring: Page.extend({
          status: Status.optional().describe('状态'),
          year: wholeNumber(1990, 2200).optional().describe('年度'),
          id: z
            .uuid()
            .optional()
            .describe('只看这一个项目（通知的链接） only this one, as a notification links it'),
        }),
        response: { 200: listOf(Mentorship).describe('导师制项目（一页）'), ...Errors },
      },
    },
    async (request) => listMentorships(ctx.db, principalOf(request), request.query),
  )
  api.post(
    '/mentorships',
    {
      config: { access: ['employer'] },
      schema: {
        summary: '导师制项目报备 File a mentorship',
        description:
          '导师每年指导不超过10名学员，报市人社部门备案（鲁人社发〔2016〕10号 （十九）、青人社字〔2023〕14号 六（二））。At most 10 mentees a mentor a year; filed with the city HR department.',
        tags: ['mentorships'],
        response: { 201: MentorshipSubmitted, ...Errors },
        body: z.object({
          mentorIdNumber: z.string(),
          year: z.number().int().min(1990).max(2200),
          title: z.string().max(200),
          plan: z.string().max(5000),
          menteeIdNumbers: z.array(z.string()).min(1).max(50),
        }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await submitMentorship(ctx.db, ctx.secrets, principalOf(request), request.body)),
  )
  api.post(
    '/mentorships/:id/file',
    {
      config: { access: ['hr_department'] },
      schema: {
        summary: '导师制备案 Record the filing',
        description: '设区的市人社部门备案。The city HR department records the filing.',
        tags: ['mentorships'],
        response: { 200: MentorshipFiled, ...Errors },
        params: Id,
      },
    },
    async (request) =>
      transact(ctx.db, (trx) => fileMentorship(trx, principalOf(request), request.params.id)),
  )
  api.post(
    '/mentorships/:id/evaluate',
    {
      config: { access: ['employer'] },
      schema: {
        summary: '绩效评估并登记学时 Evaluate and register hours',
        description:
          "项目结束、完成绩效评估后为每名学员登记学时。After the evaluation, each mentee's hours are registered.",
        tags: ['mentorships'],
        response: { 200: MentorshipEvaluated, ...Errors },
        params: Id,
        body: z.object({ date: z.string(), hours: z.record(z.string(), z.number().min(0).max(500)) }),
      },
    },
    async (request) =>
      transact(ctx.db, (trx) =>
        evaluateMentorship(
          trx,
          principalOf(request),
          request.params.id,
          request.body.hours,
          request.body.date,
        ),
      ),
  )
}
