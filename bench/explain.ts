import { CompiledQuery, type Kysely, type KyselyPlugin } from 'kysely'
import { type ComplianceFilter, complianceList } from '../src/db/compliance.js'
import type { DB } from '../src/db/schema.js'

/** EXPLAIN ANALYZE of the statement complianceList sends (captured by a plugin, then run once more). */
export async function explain(db: Kysely<DB>, filter: ComplianceFilter): Promise<string> {
  let captured: CompiledQuery | undefined
  const capture: KyselyPlugin = {
    transformQuery: (args) => {
      captured = db.getExecutor().compileQuery(args.node, args.queryId)
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  await complianceList(db.withPlugin(capture), filter)
  if (!captured) throw new Error('complianceList sent no query')
  const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${captured.sql}`, [...captured.parameters]),
  )
  return plan.rows.map((r) => r['QUERY PLAN']).join('\n')
}
