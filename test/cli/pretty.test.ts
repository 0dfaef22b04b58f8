/** `logwarden pretty`, the real binary: our log files, a pino log file, stdin (needs npm run build). */
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { run } from './helpers.js'
import { tempDir } from '../helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

function dir() {
  const t = tempDir()
  cleanup.push(t.cleanup)
  return t.dir
}

describe('logwarden pretty', () => {
  it('shows our files as the human view, control characters escaped, stacks on request', async () => {
    const d = dir()
    const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir: d } }] } })
    log.info('Position closed', { account_id: 'ABC123', pnl: -210.5 })
    log.warn('evil \u001b[2J\nforged line', { note: 'a\u001b]0;x\u0007b' })
    log.error(new Error('close rejected'), 'closing failed')
    await log.close()
    const file = join(d, 'system.log')
    const plain = await run(['pretty', file])
    expect(plain.code).toBe(0)
    const lines = plain.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO {2}\| system \| Position closed {2}account_id=ABC123 pnl=-210\.5$/)
    expect(lines[1]).toContain('| evil \\u001b[2J\\nforged line')
    expect(plain.stdout).not.toContain('\u001b')
    expect(lines[2]).toMatch(/ERROR \| system \| closing failed {2}err=/)
    const stacks = await run(['pretty', file, '--stacks', '--ignore', 'err', '--level-first', '--time', 'iso'])
    const out = stacks.stdout.split('\n')
    expect(out[0]).toMatch(/^INFO {2}\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] \| system \| Position closed/)
    const at = out.findIndex((l) => l.includes('closing failed'))
    expect(out[at]).not.toContain('err=')
    expect(out[at + 1]).toBe('    Error: close rejected')
    expect(out[at + 2]).toMatch(/^ {4}\s*at /)
  })

  it("reads pino's own lines (numeric level, msg, time) from a file and from stdin", async () => {
    const d = dir()
    const file = join(d, 'pino.log')
    const dest = pino.destination({ dest: file, sync: true })
    const p = pino({ base: { pid: 42, hostname: 'box' } }, dest)
    p.info({ order_id: 'o-1' }, 'order placed')
    p.child({ reqId: 'req-7' }).error(new Error('boom'), 'request failed')
    p.fatal('down')
    dest.flushSync()
    const res = await run(['pretty', file, '--ignore', 'pid,hostname,err', '--correlation'])
    const lines = res.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO {2}\| app \| order placed {2}order_id=o-1$/)
    expect(lines[1]).toMatch(/ERROR \| app \| req-7 \| request failed$/)
    expect(lines[2]).toMatch(/\] CRITICAL \| app \| down$/)
    const piped = await run(['pretty', '--include', 'order_id'], {
      input: `${JSON.stringify({ level: 30, time: 0, msg: 'from a pipe', order_id: 9, pid: 1 })}\nnot json \u001b[31m\n`,
    })
    expect(piped.stdout).toBe('[00:00:00.000] INFO  | app | from a pipe  order_id=9\nnot json \\u001b[31m\n')
    expect((await run(['pretty', join(d, 'missing.log')])).code).toBe(2)
  })
})
