/**
 * `logwarden types`: a YAML catalog (its `events:` key and the events-trading pack it lists)
 * becomes a .d.ts that makes tsc check a user's `log.event` calls.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, run } from './helpers.js'

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

let dirs: string[] = []
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  dirs = []
})

const CONFIG = `
level: info
events:
  order_filled:
    category: execution
    title: Order Filled
    message: "Order {order_id} filled at {price}"
    fields:
      order_id: { type: string, description: the broker's id }
      price: { type: number }
      side: { enum: [buy, sell] }
      legs:
        type: array
        items: { type: object, properties: { symbol: { type: string } }, required: [symbol] }
    required: [order_id, price]
  heartbeat:
    category: system
    additionalFields: false
    fields:
      seq: { type: integer }
plugins:
  - events-trading
`

function project(user: string): { dir: string; tsc(): { status: number | null; out: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'lw-types-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'logwarden.config.yaml'), CONFIG)
  writeFileSync(join(dir, 'user.ts'), user)
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        skipLibCheck: true,
        types: [],
        // the package as a user's project resolves it once installed
        paths: { logwarden: [join(ROOT, 'dist', 'index.d.ts')] },
      },
      files: ['user.ts', 'events.d.ts'],
    }),
  )
  return {
    dir,
    tsc() {
      const r = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' })
      return { status: r.status, out: r.stdout + r.stderr }
    },
  }
}

const GOOD = `import type { Logger } from 'logwarden'
declare const log: Logger
export const id: string | undefined = log.event('order_filled', { order_id: 'O1', price: 5000.5, side: 'buy', legs: [{ symbol: 'MNQ' }] })
log.event('circuit_breaker', { halted: true, reason: 'drawdown' })
log.event('heartbeat', { seq: 1 })
log.time('order_filled', { order_id: 'O2' })({ price: 1 })
// @ts-expect-error price is a number
log.event('order_filled', { order_id: 'O1', price: 'high' })
// @ts-expect-error order_id is required
log.event('order_filled', { price: 1 })
// @ts-expect-error not a declared event
log.event('order_filed', { order_id: 'O1', price: 1 })
// @ts-expect-error heartbeat declares no other field
log.event('heartbeat', { seq: 1, extra: true })
// @ts-expect-error a pack event: halted is a boolean
log.event('circuit_breaker', { halted: 'yes', reason: 'x' })
`

describe('logwarden types', () => {
  it('generates a .d.ts that type-checks a user file: right calls compile, wrong ones do not', async () => {
    const p = project(GOOD)
    const r = await run(['types', '--out', join(p.dir, 'events.d.ts')], { cwd: p.dir })
    expect(r.stderr).toContain('event(s) typed')
    expect(r.code).toBe(0)
    const dts = readFileSync(join(p.dir, 'events.d.ts'), 'utf8')
    expect(dts).toContain(`declare module 'logwarden'`)
    expect(dts).toMatch(/order_filled: \{[\s\S]*order_id: string[\s\S]*price: number[\s\S]*side\?: "buy" \| "sell"/)
    expect(dts).toContain('position_closed')
    const checked = p.tsc()
    expect(checked.out).toBe('')
    expect(checked.status).toBe(0)
  })

  it('makes tsc fail on a wrong field type, at the field', async () => {
    const p = project(`import type { Logger } from 'logwarden'
declare const log: Logger
log.event('order_filled', { order_id: 'O1', price: 'high' })
`)
    const r = await run(['types', join(p.dir, 'logwarden.config.yaml')], { cwd: ROOT })
    expect(r.code).toBe(0)
    writeFileSync(join(p.dir, 'events.d.ts'), r.stdout)
    const checked = p.tsc()
    expect(checked.status).not.toBe(0)
    // column 45 is \`price\`
    expect(checked.out).toMatch(/user\.ts\(3,45\): error TS2322: Type 'string' is not assignable to type 'number'/)
  })
})
