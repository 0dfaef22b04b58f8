/**
 * The contract a third-party plugin relies on, tried as a user would: a plugin package on disk,
 * listed by path in a config file. Error copies only on request, `lwPath` options resolved
 * against the config file's folder, the declared version range, `requires` and `after` checked
 * with coded errors, and a notifier shown as one because it says so, not because of its name.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { createLogger, type Logger } from 'logwarden'
import { satisfies } from '../core/version-range.js'
import { tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

const WORKER = `import { appendFileSync } from 'node:fs'
export function createSink(options) {
  return {
    write(batch) {
      for (const g of batch.groups) appendFileSync(options.file, g.errorCopy ? Buffer.from(g.data).toString().replace(/^/gm, 'COPY ').replace(/COPY $/, '') : g.data)
    },
  }
}
`

/** A plugin package in `<dir>/plugin/`: index.mjs declaring one sink whose worker appends to options.file. */
function writePlugin(dir: string, meta: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): void {
  mkdirSync(join(dir, 'plugin'), { recursive: true })
  writeFileSync(join(dir, 'plugin', 'worker.mjs'), WORKER)
  writeFileSync(
    join(dir, 'plugin', 'index.mjs'),
    `export default {
  name: ${JSON.stringify(meta.name ?? 'my-sink')},
  ...${JSON.stringify(meta)},
  schema: { type: 'object', additionalProperties: false, properties: { file: { type: 'string', lwPath: 'file', default: 'out/records.log' } } },
  apply(pipeline, options) {
    pipeline.addSink({ name: ${JSON.stringify(meta.name ?? 'my-sink')}, kind: 'my-sink', module: new URL('./worker.mjs', import.meta.url).href, options, ...${JSON.stringify(spec)} })
  },
}
`,
  )
}

async function start(dir: string, plugins: unknown[]): Promise<Logger> {
  const configFile = join(dir, 'logwarden.config.json')
  writeFileSync(configFile, JSON.stringify({ redact: false, durable: false, plugins }))
  const log = await createLogger({ configFile })
  cleanup.push(() => log.close())
  return log
}

/** the lines of `file` that carry `message` (start-up notices such as redaction_off are left out) */
function lines(file: string, message = 'close failed'): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes(`"message":"${message}"`))
    : []
}

describe('a third-party sink', () => {
  it('receives each error record once unless it asks for error copies; then the copies are marked', async () => {
    const t = tempDir('lw-contract-')
    cleanup.push(t.cleanup)
    mkdirSync(join(t.dir, 'out'))
    writePlugin(t.dir)
    const log = await start(t.dir, ['./plugin/index.mjs'])
    log.category('enforcement').error('close failed')
    await log.flush()
    // the default `file` option is relative: it lands beside the config file, not in the working directory
    const got = lines(join(t.dir, 'out', 'records.log'))
    expect(got).toHaveLength(1)
    expect(JSON.parse(got[0]!)).toMatchObject({ category: 'enforcement', message: 'close failed' })

    const u = tempDir('lw-contract-')
    cleanup.push(u.cleanup)
    mkdirSync(join(u.dir, 'out'))
    writePlugin(u.dir, {}, { errorCopies: true })
    const withCopies = await start(u.dir, [{ './plugin/index.mjs': { file: 'out/copies.log' } }])
    withCopies.category('enforcement').error('close failed')
    await withCopies.flush()
    const both = lines(join(u.dir, 'out', 'copies.log'))
    expect(both).toHaveLength(2)
    expect(both.filter((l) => l.startsWith('COPY '))).toHaveLength(1)
  })

  it('shows as a notifier in stats only when its spec says role: notifier', async () => {
    const t = tempDir('lw-contract-')
    cleanup.push(t.cleanup)
    mkdirSync(join(t.dir, 'out'))
    writePlugin(t.dir, { name: 'notify-lookalike' })
    const log = await start(t.dir, ['./plugin/index.mjs'])
    expect(log.stats().lanes.map((l) => [l.name, l.role])).toEqual([['notify-lookalike', 'sink']])
    const u = tempDir('lw-contract-')
    cleanup.push(u.cleanup)
    mkdirSync(join(u.dir, 'out'))
    writePlugin(u.dir, { name: 'pager' }, { role: 'notifier' })
    const pager = await start(u.dir, ['./plugin/index.mjs'])
    expect(pager.stats().lanes.map((l) => [l.name, l.role])).toEqual([['pager', 'notifier']])
  })
})

describe('plugin metadata', () => {
  it('refuses a plugin made for another logwarden version, naming both', async () => {
    const t = tempDir('lw-contract-')
    cleanup.push(t.cleanup)
    writePlugin(t.dir, { logwarden: '>=2 <3' })
    await expect(start(t.dir, ['./plugin/index.mjs'])).rejects.toMatchObject({
      code: 'LW_ERR_PLUGIN_VERSION',
      message: expect.stringMatching(/plugin "my-sink" works with logwarden >=2 <3, and this is logwarden 0\.\d+\.\d+/),
    })
    const u = tempDir('lw-contract-')
    cleanup.push(u.cleanup)
    mkdirSync(join(u.dir, 'out'))
    writePlugin(u.dir, { logwarden: '>=0.1 <1' })
    await expect(start(u.dir, ['./plugin/index.mjs'])).resolves.toBeDefined()
  })

  it('a malformed range is the plugin author\u2019s bug, said so', async () => {
    const t = tempDir('lw-contract-')
    cleanup.push(t.cleanup)
    writePlugin(t.dir, { logwarden: 'recent' })
    await expect(start(t.dir, ['./plugin/index.mjs'])).rejects.toMatchObject({ code: 'LW_ERR_PLUGIN_META' })
  })

  it('requires: a missing plugin is named with the fix', async () => {
    const t = tempDir('lw-contract-')
    cleanup.push(t.cleanup)
    writePlugin(t.dir, { requires: ['sink-file'] })
    await expect(start(t.dir, ['./plugin/index.mjs'])).rejects.toMatchObject({
      code: 'LW_ERR_PLUGIN_REQUIRES',
      message: expect.stringContaining('needs plugin "sink-file", which the config does not list. Add "sink-file" to "plugins"'),
    })
    // and the shipped rule: rotate without sink-file
    await expect(start(t.dir, ['rotate'])).rejects.toMatchObject({ code: 'LW_ERR_PLUGIN_REQUIRES', message: expect.stringContaining('"rotate"') })
  })

  it('after: a plugin listed too early is named with both config paths', async () => {
    const t = tempDir('lw-contract-')
    cleanup.push(t.cleanup)
    mkdirSync(join(t.dir, 'out'))
    writePlugin(t.dir, { after: ['sink-console'] })
    await expect(start(t.dir, ['./plugin/index.mjs', 'sink-console'])).rejects.toMatchObject({
      code: 'LW_ERR_PLUGIN_ORDER',
      message: expect.stringMatching(/plugin "my-sink" \(.*plugins\[0\].*\) must come after "sink-console" \(.*plugins\[1\]/),
    })
    await expect(start(t.dir, ['sink-console', './plugin/index.mjs'])).resolves.toBeDefined()
  })
})

describe('version ranges', () => {
  it.each([
    ['0.1.0', '>=0.1 <1', true],
    ['1.0.0', '>=0.1 <1', false],
    ['0.1.5', '^0.1', true],
    ['0.2.0', '^0.1', false],
    ['1.9.0', '^1.2', true],
    ['2.0.0', '^1.2', false],
    ['0.1.9', '~0.1.2', true],
    ['0.2.0', '~0.1.2', false],
    ['0.1.0', '0.1.x', true],
    ['0.1.0', '*', true],
    ['3.0.0', '^1 || ^3', true],
    ['0.1.0', '>= 0.2 || <= 0.1', true],
    ['0.1.0', '>0.1', false],
    ['0.2.0', '>0.1', true],
  ])('%s in %s: %s', (v, range, ok) => {
    expect(satisfies(v, range)).toBe(ok)
  })
  it('does not read what it cannot', () => {
    expect(satisfies('0.1.0', 'recent')).toBeUndefined()
  })
})
