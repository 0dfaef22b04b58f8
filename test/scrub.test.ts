/**
 * Issue 11 item 2: no secret in any error. Real config files that fail with a webhook URL, a
 * literal token or an `${env:…}` value close by; the error must still say where and what. Then a
 * hook that throws at run time (the LW_ERR_PLUGIN_FAILED record in the files), and a failed
 * reload answered by the control API. Needs `npm run build` ('logwarden' is dist/).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from 'logwarden'
import { controlUrl } from 'logwarden/plugins/control'
import { tempDir } from './helpers/sinks.js'
import { CASES, ENV_URL, LITERAL, SCRUB_ENV, WEBHOOK, leaks, writeCase } from './helpers/scrub-cases.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
beforeAll(() => Object.assign(process.env, SCRUB_ENV))
afterAll(() => {
  for (const name of Object.keys(SCRUB_ENV)) delete process.env[name]
})

function project(): string {
  const t = tempDir('lw-scrub-')
  cleanups.push(t.cleanup)
  return t.dir
}

/** every byte of every log file under `dir` */
function logText(dir: string): string {
  if (!existsSync(dir)) return ''
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('')
}

describe('config and plugin errors carry no secret, and still say where and what', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = project()
      writeCase(dir, c)
      const err = await createLogger({ cwd: dir, config: undefined }).then(
        (log) => {
          cleanups.push(() => log.close())
          throw new Error('createLogger resolved')
        },
        (e: Error & { code?: string }) => e,
      )
      expect(leaks(`${err.message}\n${err.stack}\n${String(err.cause ?? '')}`)).toEqual([])
      expect(err.code, err.message).toBe(c.code)
      expect(err.message).toMatch(c.says)
    })
  }

  it('the same failures on reload: rejected with the scrubbed message, the old config keeps running', async () => {
    const dir = project()
    const configFile = join(dir, 'logwarden.config.json')
    writeFileSync(configFile, JSON.stringify({ exit: { handleSignals: false }, plugins: [{ 'sink-file': { dir: './logs' } }] }))
    const log = await createLogger({ configFile })
    cleanups.push(() => log.close())
    writeFileSync(configFile, `{ "plugins": [ { "notify-discord": { "webhookUrl": "${WEBHOOK}" "token": "${LITERAL}" } } ] }`)
    const err = (await log.reload().catch((e: unknown) => e)) as Error & { code: string }
    expect(leaks(`${err.message}\n${err.stack}`)).toEqual([])
    expect(err.code).toBe('LW_ERR_CONFIG_LOAD')
    expect(err.message).toMatch(/logwarden\.config\.json: invalid JSON at line 1, column \d+: Expected ',' or '}'/)
  })
})

/** Throws in the format hook for one record: the failure is reported as a record while logging goes on. */
function hookThrower(dir: string): string {
  const file = join(dir, 'hook-thrower.mjs')
  writeFileSync(
    file,
    `export default {
  name: 'hook-thrower',
  apply(pipeline, o) {
    pipeline.hooks.format.tap('hook-thrower', (r) => {
      if (r.message === 'trigger') throw new Error(\`POST \${o.url} failed for \${o.apiKey} (\${o.hook})\`)
      return undefined
    })
  },
}
`,
  )
  return file
}

describe('a hook that throws at run time', () => {
  for (const redact of [true, false]) {
    it(`writes LW_ERR_PLUGIN_FAILED with the plugin and hook named, no secret (redact: ${redact})`, async () => {
      const dir = project()
      const logs = join(dir, 'logs')
      writeFileSync(
        join(dir, 'logwarden.config.json'),
        JSON.stringify({
          redact,
          exit: { handleSignals: false },
          plugins: [{ 'sink-file': { dir: logs } }, { './hook-thrower.mjs': { url: '${env:LW_SCRUB_ALERTS}', apiKey: LITERAL, hook: WEBHOOK } }],
        }),
      )
      hookThrower(dir)
      const log: Logger = await createLogger({ cwd: dir })
      cleanups.push(() => log.close())
      log.info('trigger')
      log.info('after')
      await log.flush()
      const text = logText(logs)
      const failure = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((r) => r.code === 'LW_ERR_PLUGIN_FAILED')
      expect(failure, text).toMatchObject({ category: 'error', level: 'error' })
      expect(leaks(text)).toEqual([])
      expect(failure!.message).toMatch(
        /plugin "hook-thrower" failed in hook "format": Error: POST \$\{env:LW_SCRUB_ALERTS\} failed for \[REDACTED\] \(https:\/\/discord\.com\/api\/webhooks\/123456789012345678\/\[REDACTED\]\)/,
      )
      expect(text).toContain('"message":"after"')
      expect(leaks(text)).toEqual([])
      expect(text).not.toContain(ENV_URL)
    })
  }
})

describe('the control API', () => {
  it('answers a reload that fails with a secret close by with 422 and a scrubbed message; audit.log holds no secret', async () => {
    const dir = project()
    const configFile = join(dir, 'logwarden.config.json')
    const good = { exit: { handleSignals: false }, plugins: [{ 'sink-file': { dir: './logs' } }, { control: { port: 0, adminWithoutAuth: true } }] }
    writeFileSync(configFile, JSON.stringify(good))
    const log = await createLogger({ configFile })
    cleanups.push(() => log.close())
    const url = controlUrl(log.pipeline)!
    const bodies: string[] = []
    const reload = async () => {
      const res = await fetch(`${url}/admin/reload`, { method: 'POST', headers: { 'content-type': 'application/json' } })
      const text = await res.text()
      bodies.push(text)
      return { status: res.status, error: (JSON.parse(text) as { error: { code: string; message: string } }).error }
    }

    writeFileSync(configFile, `{ "plugins": [ { "control": { "port": 0 } }, { "notify-discord": { "webhookUrl": "${WEBHOOK}" "token": "${LITERAL}" } } ] }`)
    const syntax = await reload()
    expect(leaks(bodies.join('\n'))).toEqual([])
    expect(syntax.status).toBe(422)
    expect(syntax.error.code).toBe('LW_ERR_CONFIG_LOAD')
    expect(syntax.error.message).toMatch(/invalid JSON at line 1, column \d+: Expected ',' or '}'/)

    writeFileSync(
      join(dir, 'apply-thrower.mjs'),
      "export default { name: 'apply-thrower', apply(p, o) { throw new Error(`cannot reach ${o.url} as ${o.password}`) } }\n",
    )
    writeFileSync(
      configFile,
      JSON.stringify({ ...good, plugins: [...good.plugins, { './apply-thrower.mjs': { url: '${env:LW_SCRUB_ALERTS}', password: LITERAL } }] }),
    )
    const apply = await reload()
    expect(leaks(bodies.join('\n'))).toEqual([])
    expect(apply.status).toBe(422)
    expect(apply.error).toMatchObject({
      code: 'LW_ERR_PLUGIN_FAILED',
      message: 'plugin "apply-thrower" failed in hook "apply": Error: cannot reach ${env:LW_SCRUB_ALERTS} as [REDACTED]',
    })

    await log.flush()
    const logs = logText(join(dir, 'logs'))
    expect(logs).toContain('"action":"reload"')
    expect(leaks(bodies.join('\n') + logs)).toEqual([])
  })
})

describe('a sink that fails with a secret in its error', () => {
  it('status (lastError), the error records and the emergency output hold none of it', async () => {
    const dir = project()
    const logs = join(dir, 'logs')
    const crashFile = join(dir, 'crash.log')
    const sink = join(dir, 'leaky-sink.mjs')
    writeFileSync(sink, 'export function createSink(o) { return { async write() { throw new Error(`POST ${o.url} (key ${o.apiKey}) refused`) } } }\n')
    writeFileSync(
      join(dir, 'leaky.mjs'),
      `export default {
  name: 'leaky',
  apply(pipeline, o) { pipeline.addSink({ name: 'leaky', kind: 'leaky', module: ${JSON.stringify(new URL(`file://${sink}`).href)}, options: o }) },
}
`,
    )
    writeFileSync(
      join(dir, 'logwarden.config.json'),
      JSON.stringify({
        exit: { handleSignals: false, crashFile },
        plugins: [{ 'sink-file': { dir: logs } }, { './leaky.mjs': { url: '${env:LW_SCRUB_ALERTS}', apiKey: LITERAL } }],
      }),
    )
    const log = await createLogger({ cwd: dir })
    cleanups.push(() => log.close().catch(() => undefined))
    log.info('to every sink')
    const lastError = async (): Promise<string | undefined> => {
      for (let i = 0; i < 200; i++) {
        const e = log.stats().lanes.find((l) => l.name === 'leaky')?.lastError
        if (e !== undefined && existsSync(crashFile)) return e
        await new Promise((r) => setTimeout(r, 50))
      }
      return undefined
    }
    const e = await lastError()
    expect(e).toMatch(/POST \$\{env:LW_SCRUB_ALERTS\} \(key \[REDACTED\]\) refused/)
    await log.flush().catch(() => undefined)
    const crash = readFileSync(crashFile, 'utf8')
    expect(crash).toContain('sink "leaky"')
    expect(leaks(`${e}\n${crash}\n${logText(logs)}`)).toEqual([])
  })
})
