/**
 * Fuzz: 100,000 generated records (seeded, deterministic) planting secrets of every family at
 * random depths in objects, arrays, Maps, Sets, Buffers, error messages, stacks and causes, child
 * bindings, `event` and message text, through a real logger in a child process with sink-file,
 * sink-console (stdout and stderr) and the loopback Discord/Telegram stand-ins. Every byte written
 * to the files, the spools, stdout, stderr and every request the stand-ins received is searched
 * (base64 of Buffers decoded): zero hits. Needs `npm run build`.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeDiscord } from '../notify-common/testing/fake-discord.js'
import { FakeTelegram } from '../notify-common/testing/fake-telegram.js'
import { tempDir } from '../../test/helpers/sinks.js'
import { BASIC, CANARY, CARDS } from './testing/secrets.js'

const RECORDS = Number(process.env.LW_FUZZ_RECORDS ?? 100_000)
const SEED = 20261130
const CHILD = fileURLToPath(new URL('../../dist/plugins/redact/testing/fuzz-child.js', import.meta.url))

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

/** The serializer writes bytes as `"base64":"…"` (files, console, notifier texts): decoded, so a secret in a Buffer is found too. */
function withDecodedBase64(text: string): string {
  const decoded = [...text.matchAll(/base64\\?":\\?"([A-Za-z0-9+/=]*)/g)].map((m) => Buffer.from(m[1], 'base64').toString('latin1'))
  return `${text}\n${decoded.join('\n')}`
}

function leaks(text: string): string[] {
  const found: string[] = []
  if (text.includes(CANARY)) for (const m of text.matchAll(new RegExp(`.{0,40}${CANARY}.{0,20}`, 'g'))) found.push(m[0])
  for (const b of BASIC) if (text.includes(b)) found.push(b)
  for (const c of CARDS) {
    if (text.includes(c)) found.push(c)
    if (c.length === 16 && text.includes(c.replace(/(\d{4})(?=\d)/g, '$1 '))) found.push(c)
  }
  return found
}

describe('redaction fuzz', () => {
  it('the leak search finds a planted secret, also inside base64 (so a zero below means something)', () => {
    expect(leaks(withDecodedBase64(`x ${CANARY}abc`))).toHaveLength(1)
    expect(leaks(withDecodedBase64(`"base64":"${Buffer.from(`Bearer ${CANARY}abcdefghijklmnop`).toString('base64')}"`))).toHaveLength(1)
    expect(leaks(`card ${CARDS[0].replace(/(\d{4})(?=\d)/g, '$1 ')} ${BASIC[0]}`)).toHaveLength(2)
  })

  it(`${RECORDS} generated records: no planted secret in any output`, async () => {
    const discord = new FakeDiscord()
    const telegram = new FakeTelegram()
    await discord.listen()
    await telegram.listen()
    cleanups.push(
      () => discord.close(),
      () => telegram.close(),
    )
    const t = tempDir('lw-redact-fuzz-')
    cleanups.push(t.cleanup)

    const started = Date.now()
    const child = spawn(
      process.execPath,
      [CHILD, t.dir, String(RECORDS), String(SEED), discord.addWebhook('123456789012345678'), discord.apiBaseUrl, telegram.token, telegram.apiBaseUrl],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    const stdout = Buffer.concat(out).toString('utf8')
    const stderr = Buffer.concat(err).toString('utf8')
    expect(code, stderr.slice(-2000)).toBe(0)

    const planted = /planted (\d+) (\{.*\})/.exec(stderr)
    expect(planted, 'the child finished').not.toBeNull()
    const families = JSON.parse(planted![2]) as Record<string, number>
    const files = filesUnder(t.dir)
    const fileText = files.map((f) => readFileSync(f, 'latin1')).join('\n')
    const requests = [...discord.requests, ...telegram.requests].map((r) => `${r.path}?${r.query}\n${r.raw}`).join('\n')
    const sources = { files: fileText, stdout, stderr, requests }
    const counts = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, v.length]))
    console.log(
      `fuzz: ${RECORDS} records, ${planted![1]} secrets generated over ${Object.keys(families).length} families, ` +
        `${files.length} files; bytes scanned ${JSON.stringify(counts)}; ${discord.requests.length} Discord and ${telegram.requests.length} Telegram requests; ${Date.now() - started} ms`,
    )

    // the run really wrote records, redacted, to every output
    expect(fileText.split('\n').length).toBeGreaterThan(RECORDS * 0.6)
    expect(stdout.length).toBeGreaterThan(RECORDS * 50)
    expect(fileText).toContain('[REDACTED]')
    expect(stdout).toContain('[REDACTED]')
    expect(discord.requests.length + telegram.requests.length).toBeGreaterThan(0)
    expect(Object.keys(families).length).toBeGreaterThanOrEqual(21)

    for (const [name, text] of Object.entries(sources)) {
      const hits = leaks(withDecodedBase64(text))
      expect(hits.slice(0, 5), `${hits.length} leak(s) in ${name}`).toEqual([])
    }
  }, 240_000)
})
