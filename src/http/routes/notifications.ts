import { z } from 'zod'
import { listNotifications, markAllRead, markRead, unreadCount } from '../../services/notifications.js'
import type { Api } from '../app.js'
import { principalOf } from '../auth.js'
import type { AppContext } from '../context.js'
import { Notification } from '../responses.js'
import { Errors, listOf, Ok, Page } from '../schemas.js'

export function notificationRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/notifications',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '消息 Notifications',
        description: '待办与结果提醒，最新在前。What waits on you and what happened, newest first.',
        tags: ['notifications'],
        response: {
          200: listOf(Notification).describe('消息（一页，最新在前）A page of notifications, newest first'),
          ...Errors,
        },
        querystring: Page,
      },
    },
    async (request) => listNotifications(ctx.db, principalOf(request), request.query),
  )
  api.get(
    '/notifications/unread-count',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '未读数 Unread count',
        description: '未读消息数。The number of unread notifications.',
        tags: ['notifications'],
        response: { 200: z.object({ unread: z.number() }).describe('未读数 The unread count'), ...Errors },
      },
    },
    async (request) => ({ unread: await unreadCount(ctx.db, principalOf(request)) }),
  )
  api.post(
    '/notifications/read-all',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '全部标为已读 Mark all read',
        description: '将收件箱中全部未读消息标为已读。Marks every unread notification of the inbox read.',
        tags: ['notifications'],
        response: {
          200: z.object({ marked: z.number().int() }).describe('标为已读的条数 How many were marked'),
          ...Errors,
        },
      },
    },
    async (request) => ({ marked: await markAllRead(ctx.db, principalOf(request)) }),
  )
  api.post(
    '/notifications/:id/read',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: '标记已读 Mark read',
        description: '将一条消息标为已读。Marks one notification read.',
        tags: ['notifications'],
        params: z.object({ id: z.uuid() }),
        response: { 200: Ok, ...Errors },
      },
    },
    async (request) => {
      await markRead(ctx.db, principalOf(request), request.params.id)
      return { ok: true as const }
    },
  )
}
