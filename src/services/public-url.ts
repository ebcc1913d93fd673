import { ConfigurationError } from './errors.js'

/**
 * XUESHI_PUBLIC_URL: where the public reaches the portal (https://xueshi.example.gov.cn), the base of
 * every verification URL printed on a certificate. Unset: undefined (the server then uses the address a
 * request came to; the CLI, http://localhost:<PORT or 3000>).
 */
export function configuredPublicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.XUESHI_PUBLIC_URL
  if (raw === undefined || raw === '') return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigurationError(`XUESHI_PUBLIC_URL must be an http(s) URL, got "${raw}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigurationError(`XUESHI_PUBLIC_URL must be an http(s) URL, got "${raw}"`)
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}
