import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api, dataOf, setCsrfToken } from './api/client.js'
import type { paths } from './api/schema.js'

export type Session = paths['/api/auth/session']['get']['responses'][200]['content']['application/json']
export const SESSION_KEY = ['session']

/** Who is signed in (null: nobody), with the CSRF token handed to the API client. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session | null> => {
      const r = await api.GET('/api/auth/session')
      if (r.response.status === 401) return null
      const session = dataOf(r)
      setCsrfToken(session.csrfToken)
      return session
    },
    staleTime: Number.POSITIVE_INFINITY,
  })
}

/** Ends the session on the server and forgets everything fetched under it. */
export function useSignOut() {
  const client = useQueryClient()
  return async () => {
    await api.POST('/api/auth/logout')
    setCsrfToken(undefined)
    client.clear()
    client.setQueryData(SESSION_KEY, null)
  }
}
