import { z } from 'zod'
import { transact } from '../../services/audit.js'
import { evaluateMentorship, fileMentorship, submitMentorship } from '../../services/mentorships.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { MentorshipEvaluated, MentorshipFiled, MentorshipSubmitted } from '../responses.js'
import { Errors } from '../schemas.js'

const Id = z.object({ id: z.uuid() })

export function mentorshipRoutes(api: Api, ctx: AppContext): void {
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
