/** The options tables in plugin READMEs are generated from the schemas; a stale one fails here. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TABLE_START, withOptionsTable } from '../lib/options/index.js'
import rotate from '../plugins/rotate/index.js'
import sinkFile from '../plugins/sink-file/index.js'
import sinkConsole from '../plugins/sink-console/index.js'
import notifyDiscord from '../plugins/notify-discord/index.js'
import notifyTelegram from '../plugins/notify-telegram/index.js'
import redact from '../plugins/redact/index.js'
import control from '../plugins/control/index.js'
import authHmac from '../plugins/auth-hmac/index.js'
import sinkEventlog from '../plugins/sink-eventlog/index.js'
import metrics from '../plugins/metrics/index.js'
import notifyAlertmanager from '../plugins/notify-alertmanager/index.js'
import notifyWebhook from '../plugins/notify-webhook/index.js'
import sinkOtlp from '../plugins/sink-otlp/index.js'

const generated = {
  rotate,
  'sink-file': sinkFile,
  'sink-console': sinkConsole,
  'notify-discord': notifyDiscord,
  'notify-telegram': notifyTelegram,
  redact,
  control,
  'auth-hmac': authHmac,
  'sink-eventlog': sinkEventlog,
  metrics,
  'notify-alertmanager': notifyAlertmanager,
  'notify-webhook': notifyWebhook,
  'sink-otlp': sinkOtlp,
}

describe('plugin README options tables', () => {
  for (const [name, plugin] of Object.entries(generated)) {
    it(`plugins/${name}/README.md matches its schema (run npm run docs:options)`, () => {
      const readme = readFileSync(new URL(`../plugins/${name}/README.md`, import.meta.url), 'utf8')
      expect(readme).toContain(TABLE_START)
      expect(withOptionsTable(readme, plugin.schema!)).toBe(readme)
      for (const option of Object.keys((plugin.schema as { properties: object }).properties)) expect(readme).toContain(`| \`${option}\` |`)
    })
  }

  it('notices a schema change the README does not have', () => {
    const readme = readFileSync(new URL('../plugins/rotate/README.md', import.meta.url), 'utf8')
    const changed = structuredClone(rotate.schema) as { properties: Record<string, { description?: string }> }
    changed.properties.maxFiles!.description = 'something else'
    expect(withOptionsTable(readme, changed)).not.toBe(readme)
  })
})
