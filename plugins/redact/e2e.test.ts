/**
 * End to end through the built package: createLogger with redact + sink-file, real worker threads,
 * real files. Needs `npm run build` first (workers run dist/).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, definePlugin } from 'logwarden'
import { createRedactPlugin } from 'logwarden/plugins/redact'

const SECRETS = {
  apiKey: 'sk-live-9f8e7d6c5b4a',
  password: 'hunter2-correct-horse',
  bearer: 'abcDEF123456ghiJKL7890',
  discordToken: 'Zx9-Yw8_Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBaZyXwVuTsRqPoNmLkJiHgFeDcBa01',
  botToken: '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  card: '4111 1111 1111 1111',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  internal: 'internal-failure-token-5a5a5a5a5a',
}
const webhookUrl = `https://discord.com/api/webhooks/1234567890123456789/${SECRETS.discordToken}`
const telegramUrl = `https://api.telegram.org/bot${SECRETS.botToken}/sendMessage`

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-redact-e2e-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function readAll(): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('')
}

describe('redact end to end (createLogger + sink-file)', () => {
  it('no secret from fields, message, a child binding, an Error or an internal error record reaches a file', async () => {
    // a plugin that fails on one record: its failure is reported by logwarden itself (error category)
    const failing = definePlugin({
      name: 'failing-formatter',
      apply(pipeline) {
        pipeline.hooks.format.tap('failing-formatter', (record) => {
          if (record.message === 'trigger') throw new Error(`formatter broke on ${SECRETS.internal} via Bearer ${SECRETS.bearer}`)
          return undefined
        })
      },
    })
    const log = await createLogger({
      config: {
        exit: { handleSignals: false },
        plugins: [
          { redact: { paths: ['apiKey'], keys: ['internal_note'], customPatterns: [{ name: 'internal', regex: 'internal-failure-token-[0-9a-f]+' }] } },
          { 'sink-file': { dir } },
          failing,
        ],
      },
    })
    try {
      const child = log.child({ requestId: 'req-1', webhookUrl, botToken: SECRETS.botToken })
      child.info(`calling ${telegramUrl} with Bearer ${SECRETS.bearer}`, {
        apiKey: SECRETS.apiKey,
        account_id: 'ABC123',
        user: { name: 'trader', password: SECRETS.password },
        payment: { note: `card ${SECRETS.card}` },
        session: { jwt: `token=${SECRETS.jwt}` },
      })
      const cause = new Error(`aws key ${SECRETS.aws} rejected`)
      log.error(new Error(`notify failed for ${webhookUrl}`, { cause }), { channel: 'discord' })
      log.category('enforcement').warn('trigger', { internal_note: 'x' })
      log.enforcement({ account_id: 'ABC123', rule: 'UnrealizedLoss', action: 'close_position', details: { symbol: 'MNQ', apiKey: SECRETS.apiKey } })
      await log.flush()
    } finally {
      await log.close()
    }
    const text = readAll()
    for (const [name, secret] of Object.entries(SECRETS)) expect(text, `${name} leaked`).not.toContain(secret)
    expect(text).not.toContain('1111 1111 1111 1111')

    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, any>)
    const info = lines.find((l) => l.requestId === 'req-1' && l.level === 'info')!
    expect(info.message).toBe('calling https://api.telegram.org/bot[REDACTED]/sendMessage with Bearer [REDACTED]')
    expect(info).toMatchObject({ apiKey: '[REDACTED]', account_id: 'ABC123', webhookUrl: '[REDACTED]', botToken: '[REDACTED]' })
    expect(info.user).toEqual({ name: 'trader', password: '[REDACTED]' })
    expect(info.payment.note).toBe('card [REDACTED]')

    const error = lines.find((l) => l.channel === 'discord')!
    expect(error.message).toBe('notify failed for https://discord.com/api/webhooks/1234567890123456789/[REDACTED]')
    expect(error.err.stack).toContain('[REDACTED]')
    expect(error.err.cause.message).toBe('aws key [REDACTED] rejected')

    // logwarden's own report of the failing plugin went through redaction too
    const report = lines.find((l) => l.category === 'error' && String(l.message).includes('failing-formatter'))
    expect(report, 'the plugin failure is reported in the error category').toBeDefined()
    expect(report!.message).toContain('[REDACTED]')

    const enforcement = lines.find((l) => l.category === 'enforcement' && l.rule === 'UnrealizedLoss')!
    expect(enforcement.details).toEqual({ symbol: 'MNQ', apiKey: '[REDACTED]' })
  })

  it('createRedactPlugin from a JS config: a censor function, and a throwing one fails closed', async () => {
    for (const [censor, expected] of [
      [(v: unknown) => `<${String(v).length} chars>`, '<20 chars>'],
      [
        () => {
          throw new Error('censor bug')
        },
        '[REDACTED]',
      ],
    ] as const) {
      const out = mkdtempSync(join(dir, 'run-'))
      const log = await createLogger({
        config: { exit: { handleSignals: false }, plugins: [createRedactPlugin({ censor }), { 'sink-file': { dir: out } }] },
      })
      expect(() => log.info('m', { apiKey: SECRETS.apiKey.padEnd(20, '0') })).not.toThrow()
      await log.close()
      const line = JSON.parse(readFileSync(join(out, 'system.log'), 'utf8').trim().split('\n').pop()!)
      expect(line.apiKey).toBe(expected)
    }
  })

  it('a bad path fails createLogger with LW_ERR_REDACT_PATH', async () => {
    await expect(
      createLogger({
        config: { exit: { handleSignals: false }, plugins: [{ redact: { paths: ['orders[*'] } }, { 'sink-file': { dir } }] },
      }),
    ).rejects.toMatchObject({ code: 'LW_ERR_REDACT_PATH' })
  })
})
