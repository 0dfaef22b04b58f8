/**
 * Configs that fail with a secret close by, as real files: shared by the core and CLI tests of
 * issue 11 item 2 (no secret in any error). Every secret is distinct, so a hit names its source.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** the token part of a Discord webhook URL written literally in a config */
export const WEBHOOK_TOKEN = 'Zx9wQ-webhook-tail-Secret77'
export const WEBHOOK = `https://discord.com/api/webhooks/123456789012345678/${WEBHOOK_TOKEN}`
/** a literal under a `token`/`password` key: no value pattern knows its shape */
export const LITERAL = 'lit-Tok3n-uR8qPz4Vb'
/** an environment variable whose name says nothing, referenced as `${env:LW_SCRUB_ALERTS}` */
export const ENV_SECRET = 'envSecret-Kq81Lm3'
export const ENV_URL = `https://alerts.example.net/hook/${ENV_SECRET}`
/** an environment variable with a secret-like name, read by a JS config directly */
export const ENV_TOKEN = 'envTok-Pq7Zr2Ws9'
export const SCRUB_ENV = { LW_SCRUB_ALERTS: ENV_URL, LW_SCRUB_API_TOKEN: ENV_TOKEN }

const SECRETS = { WEBHOOK_TOKEN, LITERAL, ENV_SECRET, ENV_TOKEN }

/** Each secret, and its last 8 characters (what a truncated excerpt would show), found in `text`. */
export function leaks(text: string): string[] {
  const found: string[] = []
  for (const [name, secret] of Object.entries(SECRETS)) {
    if (text.includes(secret)) found.push(name)
    else if (text.includes(secret.slice(-8))) found.push(`${name} (tail)`)
  }
  return found
}

export interface ScrubCase {
  name: string
  /** the config file, relative to the project directory */
  file: string
  code: string
  /** what the message must still say: where (file, line, column or plugin) and what */
  says: RegExp
  /** the failure happens at apply time: `config validate` (which applies nothing) passes */
  atApply?: boolean
}

export const CASES: readonly ScrubCase[] = [
  {
    name: 'a JSON syntax error on the line holding a webhook URL and a token',
    file: '.logwardenrc.json',
    code: 'LW_ERR_CONFIG_LOAD',
    says: /\.logwardenrc\.json: invalid JSON at line 3, column 1\d\d: Expected ',' or '}' after property value/,
  },
  {
    name: 'a YAML error next to a literal token',
    file: 'logwarden.config.yaml',
    code: 'LW_ERR_CONFIG_LOAD',
    says: /logwarden\.config\.yaml: invalid YAML at line 4, column \d+: bad indentation of a mapping entry/,
  },
  {
    name: 'a plugin module whose import throws with a URL from ${env:…}',
    file: 'logwarden.config.json',
    code: 'LW_ERR_PLUGIN_LOAD',
    says: /plugin "\.\/boom-import\.mjs" could not be loaded: Error: cannot reach \$\{env:LW_SCRUB_ALERTS\}/,
  },
  {
    name: 'a plugin whose apply throws with a URL from ${env:…} and a literal password',
    file: 'logwarden.config.yml',
    code: 'LW_ERR_PLUGIN_FAILED',
    says: /plugin "apply-thrower" failed in hook "apply": Error: cannot reach \$\{env:LW_SCRUB_ALERTS\} as \[REDACTED\] \(webhook https:\/\/discord\.com\/api\/webhooks\/123456789012345678\/\[REDACTED\]\)/,
    atApply: true,
  },
  {
    name: 'a logwarden.config.mjs that throws with a secret-named env variable and a webhook URL',
    file: 'logwarden.config.mjs',
    code: 'LW_ERR_CONFIG_LOAD',
    says: /logwarden\.config\.mjs: Error: cannot build the config: token \$\{env:LW_SCRUB_API_TOKEN\} refused by https:\/\/discord\.com\/api\/webhooks\/123456789012345678\/\[REDACTED\]/,
  },
]

/** Writes the case's config (and the plugin modules it names) into `dir`. */
export function writeCase(dir: string, c: ScrubCase): string {
  const file = join(dir, c.file)
  switch (c.file) {
    case '.logwardenrc.json':
      writeFileSync(file, `{\n  "plugins": [\n    { "notify-discord": { "webhookUrl": "${WEBHOOK}", "token": "${LITERAL}" "chatId": 1 } }\n  ]\n}\n`)
      break
    case 'logwarden.config.yaml':
      writeFileSync(file, `plugins:\n  - notify-telegram:\n      token: ${LITERAL}\n     chatId: 42\n`)
      break
    case 'logwarden.config.json':
      writeFileSync(join(dir, 'boom-import.mjs'), 'throw new Error(`cannot reach ${process.env.LW_SCRUB_ALERTS}`)\n')
      writeFileSync(file, JSON.stringify({ plugins: [{ './boom-import.mjs': { url: '${env:LW_SCRUB_ALERTS}' } }] }))
      break
    case 'logwarden.config.yml':
      writeFileSync(
        join(dir, 'apply-thrower.mjs'),
        `export default {
  name: 'apply-thrower',
  apply(pipeline, o) { throw new Error(\`cannot reach \${o.url} as \${o.password} (webhook \${o.hook})\`) },
}
`,
      )
      writeFileSync(file, `plugins:\n  - ./apply-thrower.mjs:\n      url: \${env:LW_SCRUB_ALERTS}\n      password: ${LITERAL}\n      hook: ${WEBHOOK}\n`)
      break
    case 'logwarden.config.mjs':
      writeFileSync(file, `throw new Error(\`cannot build the config: token \${process.env.LW_SCRUB_API_TOKEN} refused by ${WEBHOOK}\`)\n`)
      break
    default:
      throw new Error(`no fixture for ${c.file}`)
  }
  return file
}
