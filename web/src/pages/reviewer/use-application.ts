import { useQuery } from '@tanstack/react-query'
import { api, dataOf } from '../../api/client.js'
import type { paths } from '../../api/schema.js'

export type ApplicationDetail =
  paths['/api/applications/{personKey}/{id}']['get']['responses'][200]['content']['application/json']

/** One application with its evidence, the engine's proposal and the person's year so far. */
export function useApplication(personKey: string, id: string) {
  return useQuery({
    queryKey: ['application', personKey, id],
    queryFn: async () =>
      dataOf(await api.GET('/api/applications/{personKey}/{id}', { params: { path: { personKey, id } } })),
  })
}
