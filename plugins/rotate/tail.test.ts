import { spawn, spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSink } from '../sink-file/worker.js'
import { exited, makeBatch, makeContext, recordLine, removeDir, sleep, tempDir } from '../sink-file/test/helpers.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

describe('rotate: tail -F', () => {
  it('GNU tail -F following the active file through many rotations sees every line exactly once, in order', async () => {
    expect(spawnSync('tail', ['--version']).stdout.toString()).toMatch(/GNU coreutils/)
    const dir = tempDir('lw-tail-')
    cleanups.push(() => removeDir(dir))
    const sink = await createSink(
      {
        dir,
        rotation: { module: new URL('./rotation.js', import.meta.url).href, options: { maxSize: 2000, maxFiles: 1000, compress: 'gzip' } },
      },
      makeContext().ctx,
    )
    cleanups.push(() => sink.close?.())

    const all: string[] = []
    let seq = 0
    const writeBatch = async () => {
      const lines = Array.from({ length: 5 }, (_, k) => recordLine(all.length + k, 'system'))
      all.push(...lines)
      await sink.write(makeBatch(++seq, [{ category: 'system', lines }]))
    }
    await writeBatch()

    const tail = spawn('tail', ['-n', '+1', '-F', join(dir, 'system.log')], { stdio: ['ignore', 'pipe', 'pipe'] })
    cleanups.push(() => {
      if (tail.exitCode === null && tail.signalCode === null) tail.kill('SIGKILL')
      return exited(tail)
    })
    let out = ''
    tail.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    const seen = () => out.split('\n').filter((l) => l !== '')
    /** polls until tail printed `n` lines, up to a deadline (a loaded machine starts and runs tail late) */
    const seenAtLeast = async (n: number) => {
      const deadline = Date.now() + 10_000
      while (seen().length < n && Date.now() < deadline) await sleep(10)
    }
    await seenAtLeast(all.length)
    expect(seen()).toEqual(all) // tail is following

    for (let b = 0; b < 90; b++) {
      await writeBatch()
      // tail -F follows a name: a file created and rotated away twice before tail looks again is
      // never opened (true of any rename rotation, logrotate's too), so the writer keeps pace with it
      await seenAtLeast(all.length)
    }
    await seenAtLeast(all.length)
    tail.kill('SIGTERM')
    await exited(tail)

    const rotations = readdirSync(dir).filter((n) => n.startsWith('system.2')).length
    expect(rotations).toBeGreaterThanOrEqual(25)
    expect(seen()).toEqual(all)
  }, 30_000)
})
