/**
 * Repeated `--where` keys mean one thing on every path (issue 9): the same key repeated is an OR
 * of its values, different keys are ANDed. The same input goes through `logwarden query`,
 * `tail --dir`, `tail` from the daemon, readLogs and the control API's /recent, and each must
 * return the same records. Before lib/query, query kept only the last value of a key and
 * tail ANDed them all (matching nothing).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger, readLogs, type Logger } from 'logwarden'
import { controlUrl } from 'logwarden/plugins/control'
import { parseWhere } from 'logwarden/query'
import { run, start } from './helpers.js'

const WHERE = ['sym=MNQ', 'account_id=A1', 'sym=ES']
const whereArgs = WHERE.flatMap((w) => ['--where', w])
/** sym MNQ or ES, and account A1 */
const EXPECTED = ['r1', 'r2', 'r5']

let dir: string
let logs: string
let log: Logger
let url: string
const env = () => ({ XDG_CONFIG_HOME: join(dir, 'config') }) // no cached token of the developer's

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-cli-where-'))
  logs = join(dir, 'logs')
  log = await createLogger({ config: { exit: { handleSignals: false }, plugins: [{ 'sink-file': { dir: logs } }, { control: { port: 0 } }] } })
  url = controlUrl(log.pipeline)!
  const rows: Array<[string, string, string]> = [
    ['r1', 'MNQ', 'A1'],
    ['r2', 'ES', 'A1'],
    ['r3', 'NQ', 'A1'],
    ['r4', 'MNQ', 'A2'],
    ['r5', 'MNQ', 'A1'],
    ['r6', 'ES', 'A2'],
  ]
  for (const [id, sym, account] of rows) log.category('enforcement').warn(`order ${id}`, { id, sym, account_id: account })
  await log.flush()
})

afterAll(async () => {
  await log?.close()
  rmSync(dir, { recursive: true, force: true })
})

const idsOf = (records: Array<Record<string, unknown>>) => records.map((r) => r.id)
const idsOfLines = (text: string) =>
  idsOf(
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  )

/** A following command's NDJSON until `count` records arrived (then a little longer, for extras). */
async function followed(args: string[], count: number): Promise<unknown[]> {
  const tail = start([...args, '--json'], env())
  try {
    for (let i = 0; i < count; i++) await tail.waitFor(() => tail.lines.length > i)
    await new Promise((r) => setTimeout(r, 300))
  } finally {
    await tail.stop()
  }
  return idsOfLines(tail.lines.map((l) => l.line).join('\n'))
}

describe('repeated --where: same key OR, different keys AND, on every path', () => {
  it('readLogs', async () => {
    const out: Array<Record<string, unknown>> = []
    for await (const r of readLogs({ dir: logs, where: parseWhere(WHERE) })) out.push(r)
    expect(idsOf(out)).toEqual(EXPECTED)
  })

  it('logwarden query', async () => {
    const res = await run(['query', '--dir', logs, ...whereArgs, '--json'], { env: env() })
    expect(res.stderr).toBe('')
    expect(idsOfLines(res.stdout)).toEqual(EXPECTED)
  })

  it('logwarden tail --dir', async () => {
    expect(await followed(['tail', '--dir', logs, ...whereArgs, '--backlog', '50'], EXPECTED.length)).toEqual(EXPECTED)
  })

  it('the control API (/recent) and logwarden tail from the daemon', async () => {
    const q = new URLSearchParams({ limit: '50' })
    for (const w of WHERE) q.append('where', w)
    const recent = (await (await fetch(`${url}/recent?${q}`)).json()) as { records: Array<Record<string, unknown>> }
    expect(idsOf(recent.records)).toEqual(EXPECTED)
    expect(await followed(['tail', '--url', url, ...whereArgs, '--backlog', '50'], EXPECTED.length)).toEqual(EXPECTED)
  })
})
