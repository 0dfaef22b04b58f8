/**
 * A sink that cannot start rejects createLogger() with its own documented code, not a generic
 * LW_ERR_SINK_FAILED: the code crosses the worker boundary (core/lane-runner.ts → runtime.attach).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const DIST = new URL('../dist/index.js', import.meta.url).href
const { createLogger } = (await import(DIST)) as typeof import('../index.js')

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'lw-codes-'))
  dirs.push(d)
  return d
}

describe('sink start failures keep their code through the worker', () => {
  it('a log directory that cannot be created: LW_ERR_FILE_DIR', async () => {
    const d = tmp()
    writeFileSync(join(d, 'afile'), 'x')
    const err = await createLogger({ config: { plugins: [{ 'sink-file': { dir: join(d, 'afile', 'logs') } }] } }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'LW_ERR_FILE_DIR', message: expect.stringContaining('cannot create its log directory') })
  })

  it('a directory locked by another live process: LW_ERR_FILE_LOCKED', async () => {
    const dir = join(tmp(), 'logs')
    const script = `import { createLogger } from ${JSON.stringify(DIST)}
const log = await createLogger({ config: { plugins: [{ 'sink-file': { dir: ${JSON.stringify(dir)} } }] } })
process.stdout.write('ready\\n')
process.stdin.resume()
process.stdin.on('end', () => log.close().then(() => process.exit(0)))`
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
        holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)))
      })
      const err = await createLogger({ config: { plugins: [{ 'sink-file': { dir } }] } }).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'LW_ERR_FILE_LOCKED', message: expect.stringContaining(`process ${holder.pid}`) })
    } finally {
      holder.stdin.end()
      await new Promise((r) => holder.once('exit', r))
    }
  }, 20_000)
})
