import type { Kysely } from 'kysely'
import type { BulkTransaction } from '../db/bulk.js'
import type { DatabaseKind } from '../db/connect.js'
import type { DB, Role } from '../db/schema.js'
import type { Principal } from '../services/accounts.js'
import type { CertificateKey } from '../services/certificate-keys.js'
import type { ExchangeKeys } from '../services/exchange.js'
import type { OneTimePasswordChannel } from '../services/one-time-passwords.js'
import type { Secrets } from '../services/secrets.js'

/** What the HTTP layer needs from the process: the database, keys and deployment settings. */
export interface AppContext {
  db: Kysely<DB>
  /** Bulk transactions (roster imports): COPY on PostgreSQL. */
  bulk: BulkTransaction
  kind: DatabaseKind
  secrets: Secrets
  dataDir: string
  /** XUESHI_REQUIRE_2FA=1: organisation accounts must enrol a second factor before anything else. */
  require2fa: boolean
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto, mark cookies Secure. */
  trustProxy: boolean
  /** XUESHI_PASSWORD_MAX_AGE_DAYS: passwords older than this must be changed first (off by default). */
  passwordMaxAgeDays?: number
  /** Login attempts per minute from one address (default 10). */
  loginRateLimit?: number
  /** Registration requests (public POSTs) per minute from one address (default 5). */
  registrationRateLimit?: number
  /** XUESHI_MAX_UPLOAD_ROWS: lines an uploaded roster may have (default 200,000; file-limits.ts). */
  maxUploadRows?: number
  /** A gateway that delivers one-time passwords (SMS, e-mail); none exists here, so they are shown once instead. */
  oneTimePasswordChannel?: OneTimePasswordChannel
  /** XUESHI_PUBLIC_URL: the address the public reaches the portal at (verification URLs); else the request's. */
  publicUrl?: string
  /** The certificate keyring (certificate-keys.ts); default: read from XUESHI_CERT_KEYS_FILE or the data directory. */
  certificateKeys?: () => CertificateKey[]
  /** The exchange keys (docs/exchange.md); default: XUESHI_EXCHANGE_KEY and the audit signing key, or the data directory's. */
  exchangeKeys?: () => ExchangeKeys
}

/**
 * Who may call a route: 'public' (no session), 'signed-in' (any principal), or the roles listed. A
 * route without an access rule refuses everyone (default deny).
 */
export type Access = 'public' | 'signed-in' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /** The JSON body arrives as its bytes (a Buffer), for the route to parse off the event loop (json-body.ts). */
    jsonInWorker?: boolean
    /**
     * Reachable by a session whose second factor is still to do: only the login's second step, who am
     * I, and logout. Every other route refuses such a session.
     */
    beforeSecondFactor?: boolean
    /** Reachable by an organisation account that has not enrolled a second factor yet (XUESHI_REQUIRE_2FA). */
    beforeEnrolment?: boolean
    /** A signed-in account's own business (sign-in, password, API tokens): an API token is refused (403). */
    sessionOnly?: boolean
    /**
     * Reachable by a session signed in with a one-time password: only changing it, who am I, the second
     * factor's step and logout. Every other route refuses such a session.
     */
    beforePasswordChange?: boolean
    /** Only an organisation's administrator may call it; the text is the reason a clerk is given (403). */
    adminOnly?: string
  }
  interface FastifyRequest {
    principal?: Principal
  }
}

export const ORGANISATION_ROLES: readonly Role[] = [
  'employer',
  'agency',
  'institution',
  'authority',
  'hr_department',
]
export const ALL_ROLES: readonly Role[] = ['person', ...ORGANISATION_ROLES]
