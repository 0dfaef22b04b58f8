/**
 * Redaction is on when the config forgets it: a config listing only sink-file and notify-discord
 * writes no apiKey, password or bearer token to the files or to (a loopback stand-in for) Discord.
 * `redact: false` is the only way off, and then stats and a start record say so. Records logged
 * after close() go to stderr redacted (a child process, so stderr is real). Needs `npm run build`.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { FakeDiscord } from '../plugins/notify-common/testing/fake-discord.js'
import { waitFor } from '../plugins/notify-common/testing/harness.js'
import { tempDir } from './helpers/sinks.js'

const SECRETS = { apiKey: 'k-9f8e7d6c5b4a3f2e1d', password: 'hunter2-correct-horse', bearer: 'abcDEF123456ghiJKL7890' }
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function run(redact?: boolean): Promise<{ files: string; discord: string; stats: { redaction: string; plugins: string[] } }> {
  const server = new FakeDiscord()
  await server.listen()
  cleanups.push(() => server.close())
  const t = tempDir('lw-redact-default-')
  cleanups.push(t.cleanup)
  const dir = join(t.dir, 'logs')
  const log = await createLogger({
    config: {
      ...(redact === undefined ? {} : { redact }),
      exit: { handleSignals: false },
      plugins: [
        { 'sink-file': { dir } },
        {
          'notify-discord': {
            webhookUrl: server.addWebhook('555555555555555555'),
            apiBaseUrl: server.apiBaseUrl,
            spool: { dir: join(t.dir, 'spool') },
            aggregate: { windowMs: 0 },
          },
        },
      ],
    },
  })
  try {
    log.warn(`login with Bearer ${SECRETS.bearer}`, { apiKey: SECRETS.apiKey, user: { password: SECRETS.password } })
    log.enforcement({
      level: 'critical',
      account_id: 'ABC123',
      rule: 'UnrealizedLoss',
      action: 'close_position',
      event: `Bearer ${SECRETS.bearer}`,
      details: { apiKey: SECRETS.apiKey },
    })
    log.systemEvent(`Bearer ${SECRETS.bearer}`, { level: 'error', password: SECRETS.password })
    await log.flush()
    await waitFor(() => server.delivered.length >= 3, 5000, 'three alerts')
    const stats = log.stats()
    return {
      stats,
      files: readdirSync(dir)
        .filter((f) => f.endsWith('.log'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join(''),
      discord: server.requests.map((r) => r.raw).join('\n'),
    }
  } finally {
    await log.close()
  }
}

describe('redaction on by default', () => {
  it('a config without redact: no secret in the files or in what Discord received', async () => {
    const { files, discord, stats } = await run()
    expect(stats.redaction).toBe('on')
    expect(stats.plugins[0]).toBe('redact')
    expect(files).toContain('[REDACTED]')
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(files, `${name} in a file`).not.toContain(secret)
      expect(discord, `${name} sent to Discord`).not.toContain(secret)
    }
    expect(files).not.toContain('field_event')
  })

  it('redact: false turns it off, and says so in stats and a start record', async () => {
    const { files, discord, stats } = await run(false)
    expect(stats.redaction).toBe('off')
    expect(stats.plugins).not.toContain('redact')
    // the same calls, unredacted: proof that the test above can fail
    expect(files).toContain(SECRETS.apiKey)
    expect(discord).toContain(SECRETS.bearer)
    const off = files
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((r) => r.event === 'redaction_off')
    expect(off).toMatchObject({ level: 'warn', category: 'system' })
  })

  it('redact: false with a listed redact plugin: the listed one runs', async () => {
    const t = tempDir('lw-redact-listed-')
    cleanups.push(t.cleanup)
    const log = await createLogger({ config: { redact: false, exit: { handleSignals: false }, plugins: ['redact', { 'sink-file': { dir: t.dir } }] } })
    expect(log.stats().redaction).toBe('on')
    await log.close()
  })

  it('a record logged after close() reaches stderr redacted', () => {
    const script = `
      import { createLogger } from 'logwarden'
      const log = await createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-file': { dir: process.argv[1] } }] } })
      await log.close()
      log.warn('late Bearer ${SECRETS.bearer}', { apiKey: '${SECRETS.apiKey}', event: 'Bearer ${SECRETS.bearer}' })
    `
    const t = tempDir('lw-redact-closed-')
    cleanups.push(t.cleanup)
    const root = fileURLToPath(new URL('..', import.meta.url))
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, t.dir], { cwd: root, encoding: 'utf8', timeout: 30_000 })
    expect(child.status, child.stderr).toBe(0)
    expect(child.stderr).toContain('logwarden (closed)')
    expect(child.stderr).toContain('[REDACTED]')
    expect(child.stderr).not.toContain(SECRETS.bearer)
    expect(child.stderr).not.toContain(SECRETS.apiKey)
  })
})
