/** The README's options table of a new plugin, from the same schema data its src/index.ts holds. */
import { optionsTable, TABLE_END, TABLE_START } from '../../../lib/options/index.js'
import { HOOK_SCHEMA, NOTIFIER_OWN, sinkSchema, type Kind, type Names } from './templates.js'

export function schemaOf(kind: Kind, n: Names): string {
  const schema = kind === 'sink' ? sinkSchema(n) : kind === 'hook' ? HOOK_SCHEMA : { type: 'object', properties: NOTIFIER_OWN }
  const shared =
    kind === 'notifier'
      ? "\n\nPlus the options every logwarden notifier shares: `routes`, `rateLimit`, `aggregate`, `retry`, `breaker`, `spool`, `timeoutMs` (see logwarden's docs/writing-plugins.md)."
      : ''
  return `${TABLE_START}\n${optionsTable(schema)}\n${TABLE_END}${shared}`
}
