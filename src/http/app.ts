import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify'
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { MAX_EVIDENCE_BYTES } from '../services/evidence.js'
import { registerAuth } from './auth.js'
import { registerBackgroundWork } from './background.js'
import type { AppContext } from './context.js'
import { errorHandler } from './errors.js'
import { registerInputLimits } from './input-limits.js'
import { registerJsonBody } from './json-body.js'
import { prefersEnglish } from './language.js'
import { logSerializers } from './log.js'
import { accountRoutes } from './routes/accounts.js'
import { adviserRoutes } from './routes/advisers.js'
import { applicationRoutes } from './routes/applications.js'
import { authRoutes } from './routes/auth.js'
import { calendarRoutes } from './routes/calendar.js'
import { certificateKeyRoutes, certificateRoutes } from './routes/certificates.js'
import { complianceRoutes } from './routes/compliance.js'
import { educationFundRoutes } from './routes/education-funds.js'
import { exchangeRoutes } from './routes/exchange.js'
import { healthRoutes } from './routes/health.js'
import { importRoutes } from './routes/imports.js'
import { institutionOversightRoutes } from './routes/institution-oversight.js'
import { ledgerBatchRoutes } from './routes/ledger-batches.js'
import { ledgerSearchRoutes } from './routes/ledger-search.js'
import { mentorshipRoutes } from './routes/mentorships.js'
import { notificationRoutes } from './routes/notifications.js'
import { overviewRoutes } from './routes/overview.js'
import { ownProjectRoutes } from './routes/own-projects.js'
import { personRoutes } from './routes/persons.js'
import { policySettingRoutes } from './routes/policy-settings.js'
import { projectRoutes } from './routes/projects.js'
import { publicRoutes } from './routes/public.js'
import { regionRoutes } from './routes/regions.js'
import { registrationRoutes } from './routes/registrations.js'
import { reviewRoutes } from './routes/reviews.js'
import { rosterRoutes } from './routes/rosters.js'
import { savedQueryRoutes } from './routes/saved-queries.js'
import { signupRoutes } from './routes/signup.js'
import { spotCheckRoutes } from './routes/spot-checks.js'
import { staffRoutes } from './routes/staff.js'
import { staffImportRoutes } from './routes/staff-import.js'
import { statisticsRoutes } from './routes/statistics.js'
import { tokenRoutes } from './routes/tokens.js'
import { validatorCompiler } from './validation.js'
import { registerWeb } from './web.js'

export type App = FastifyInstance

/**
 * The API: Fastify with zod schemas that both validate requests and generate the OpenAPI document; with
 * `webRoot`, the built web app at `/` too (web.ts).
 */
export async function buildApp(
  ctx: AppContext,
  options: { logger?: boolean; webRoot?: string } = {},
): Promise<App> {
  const onError = errorHandler(ctx)
  const app = Fastify({
    logger: (options.logger ?? false) && { serializers: logSerializers },
    trustProxy: ctx.trustProxy,
    bodyLimit: 1024 * 1024,
    // A malformed URL or an overlong parameter: answered like every other error, not in Fastify's own words.
    frameworkErrors: onError,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(onError)
  registerJsonBody(app)
  registerBackgroundWork(app)
  let webFallback: Awaited<ReturnType<typeof registerWeb>>
  app.setNotFoundHandler((request, reply) => {
    if (webFallback?.(request, reply)) return
    const route = `${request.method} ${request.url.split('?')[0]}`
    const english = prefersEnglish(request.headers['accept-language'])
    return reply.code(404).send({
      error: { code: 'not_found', message: english ? `no such route: ${route}` : `没有这个接口：${route}` },
    })
  })

  await app.register(helmet, { contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } } })
  await app.register(cookie)
  await app.register(rateLimit, { global: false })
  await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 5 } })
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Xueshi 学时 API',
        description: '专业技术人员继续教育学时管理系统接口。Continuing-education hours registry API.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'xueshi_session' },
          token: { type: 'http', scheme: 'bearer', description: 'API token xs_…' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  })
  // The documentation (OpenAPI JSON and Swagger UI) is public; every other route states its access rule.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, access: 'public' }
  })
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list' },
  })
  registerAuth(app, ctx)
  registerInputLimits(app)
  if (options.webRoot) webFallback = await registerWeb(app, options.webRoot)

  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>()
      healthRoutes(typed, ctx)
      authRoutes(typed, ctx)
      tokenRoutes(typed, ctx)
      accountRoutes(typed, ctx)
      registrationRoutes(typed, ctx)
      regionRoutes(typed, ctx)
      signupRoutes(typed, ctx)
      applicationRoutes(typed, ctx)
      personRoutes(typed, ctx)
      complianceRoutes(typed, ctx)
      ownProjectRoutes(typed, ctx)
      projectRoutes(typed, ctx)
      publicRoutes(typed, ctx)
      rosterRoutes(typed, ctx)
      reviewRoutes(typed, ctx)
      staffRoutes(typed, ctx)
      staffImportRoutes(typed, ctx)
      mentorshipRoutes(typed, ctx)
      importRoutes(typed, ctx)
      ledgerBatchRoutes(typed, ctx)
      calendarRoutes(typed, ctx)
      ledgerSearchRoutes(typed, ctx)
      overviewRoutes(typed, ctx)
      statisticsRoutes(typed, ctx)
      savedQueryRoutes(typed, ctx)
      spotCheckRoutes(typed, ctx)
      educationFundRoutes(typed, ctx)
      institutionOversightRoutes(typed, ctx)
      adviserRoutes(typed, ctx)
      notificationRoutes(typed, ctx)
      policySettingRoutes(typed, ctx)
      certificateRoutes(typed, ctx)
      exchangeRoutes(typed, ctx)
    },
    { prefix: '/api' },
  )
  certificateKeyRoutes(app.withTypeProvider<ZodTypeProvider>(), ctx)
  return app
}

export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>
