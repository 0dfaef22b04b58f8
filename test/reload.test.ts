import { afterEach, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLogger } from 'logwarden'
import { APPEND_SINK, readLines, tempDir } from './helpers/sinks.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

function project(level: string, extra = '') {
  const t = tempDir('lw-reload-')
  cleanup.push(t.cleanup)
  const out = join(t.dir, 'out.log')
  writeFileSync(
    join(t.dir, 'sink.mjs'),
    `export default { name: 'append', apply(p, o) { p.addSink({ name: 'append', kind: 'append', module: ${JSON.stringify(APPEND_SINK)}, options: { file: o.file, delayMs: 3 } }) } }\n`,
  )
  const write = (lvl: string, more = '') =>
    writeFileSync(join(t.dir, 'logwarden.config.yaml'), `level: ${lvl}\n${more}plugins:\n  - ./sink.mjs: { file: ${out} }\n`)
  write(level, extra)
  return { dir: t.dir, out, write }
}

describe('reload', () => {
  it('switches level and categories while logging continuously, losing and duplicating nothing', async () => {
    const p = project('info')
    const log = await createLogger({ cwd: p.dir })
    cleanup.push(() => log.close())
    let i = 0
    const timer = setInterval(() => {
      for (let k = 0; k < 20; k++) log.info('tick', { i: i++ })
    }, 1)
    await new Promise((r) => setTimeout(r, 50))
    log.debug('debug before reload')
    p.write('debug', 'categories: [execution]\n')
    await log.reload()
    log.debug('debug after reload')
    log.category('execution').info('new category works')
    await new Promise((r) => setTimeout(r, 50))
    clearInterval(timer)
    await log.flush()
    const lines = readLines(p.out)
    expect(lines.filter((r) => r.message === 'tick').map((r) => r.i)).toEqual(Array.from({ length: i }, (_, k) => k))
    expect(lines.map((r) => r.message)).not.toContain('debug before reload')
    expect(lines.map((r) => r.message)).toContain('debug after reload')
    expect(lines.find((r) => r.message === 'new category works')).toMatchObject({ category: 'execution' })
    expect(log.level).toBe('debug')
  })

  it('rejects a bad new config and keeps the old one running', async () => {
    const p = project('warn')
    const log = await createLogger({ cwd: p.dir })
    cleanup.push(() => log.close())
    writeFileSync(join(p.dir, 'logwarden.config.yaml'), `level: chatty\nplugins: []\n`)
    await expect(log.reload()).rejects.toMatchObject({ code: 'LW_ERR_CONFIG_INVALID', message: expect.stringContaining('level: must be one of') })
    log.info('still filtered')
    log.warn('still running')
    await log.flush()
    expect(readLines(p.out).map((r) => r.message)).toEqual(['still running'])
    expect(log.level).toBe('warn')
  })
})

describe('reload races', () => {
  it('flush() during a reload waits for it, and covers what was logged meanwhile', async () => {
    const p = project('info')
    const log = await createLogger({ cwd: p.dir })
    cleanup.push(() => log.close())
    for (let i = 0; i < 300; i++) log.info('before', { i }) // the old sink needs a while to close
    const reloading = log.reload()
    log.info('during reload')
    await log.flush()
    expect(readLines(p.out).map((r) => r.message)).toContain('during reload')
    await reloading
  })

  it('close() during a reload leaves the logger closed, with nothing written after it', async () => {
    const p = project('info')
    const log = await createLogger({ cwd: p.dir })
    for (let i = 0; i < 100; i++) log.info('before', { i })
    const reloading = log.reload().catch((e: Error) => e)
    await log.close()
    await reloading
    // it goes to fd 2 with a synchronous write (test/pipe-fallback.test.ts reads it there, through a real pipe)
    log.info('after close')
    await new Promise((r) => setTimeout(r, 100))
    expect(readLines(p.out).map((r) => r.message)).not.toContain('after close')
    expect(log.stats().emergencyLost).toBe(0)
    expect(readLines(p.out).filter((r) => r.message === 'before')).toHaveLength(100)
  })
})
