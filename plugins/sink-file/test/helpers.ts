/**
 * Test helpers for sink-file and rotate: a SinkContext-shaped object that records what the sink
 * reports, real Batch objects, record lines, and a way to make a path refuse writes for real.
 */
import { execFileSync, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import type { Batch, SinkContext } from '../../../core/sink-contract.js'
import type { LevelName } from '../../../core/levels.js'

export interface LoggedRecord {
  level: LevelName
  category: string
  message: string
  fields: Record<string, unknown> | undefined
}

export interface TestContext {
  ctx: SinkContext
  logs: LoggedRecord[]
  counts: Record<string, number>
  abort: AbortController
}

export function makeContext(name = 'sink-file'): TestContext {
  const logs: LoggedRecord[] = []
  const counts: Record<string, number> = {}
  const abort = new AbortController()
  const ctx: SinkContext = {
    name,
    signal: abort.signal,
    log: (level, category, message, fields) => {
      logs.push({ level, category, message, fields })
    },
    count: (counter, n = 1) => {
      counts[counter] = (counts[counter] ?? 0) + n
    },
    // sink-file and rotate run no pool tasks: a test that starts needing one must use the real pool
    runTask: () => Promise.reject(new Error('runTask is not used by sink-file or rotate (no pool in this test)')),
  }
  return { ctx, logs, counts, abort }
}

export function tempDir(prefix = 'lw-file-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A record line as the host serializes it: timestamp, level, category, message, event_id, fields. */
export function recordLine(i: number, category = 'system', extra: Record<string, unknown> = {}, time = Date.UTC(2026, 10, 23, 10) + i): string {
  return JSON.stringify({ timestamp: new Date(time).toISOString(), level: 'info', category, message: `line ${i}`, event_id: `t${i}`, i, ...extra })
}

const encoder = new TextEncoder()

/** A Batch with one group per entry; lines get their '\n'. */
export function makeBatch(seq: number, groups: Array<{ category: string; lines: string[]; errorCopy?: boolean }>): Batch {
  return {
    seq,
    groups: groups.map((g) => ({
      category: g.category,
      ...(g.errorCopy ? { errorCopy: true } : {}),
      data: encoder.encode(g.lines.map((l) => `${l}\n`).join('')),
      count: g.lines.length,
    })),
  }
}

/** Lines of every file of a category in the order readLogs would take them: rotated (by name), then active. */
export function readCategoryLines(dir: string, category: string): string[] {
  const names = new Set(readdirSync(dir))
  const rotated = [...names]
    .map((name) => ({ name, m: new RegExp(`^${category}\\.(\\S+Z)\\.(\\d+)\\.log(\\.gz)?$`).exec(name) }))
    .filter((f) => f.m)
    .sort((a, b) => a.m![1]!.localeCompare(b.m![1]!) || Number(a.m![2]) - Number(b.m![2]))
  const seen = new Set<string>()
  const lines: string[] = []
  for (const { name, m } of rotated) {
    const base = name.replace(/\.gz$/, '')
    if (seen.has(base)) continue
    // the uncompressed source wins when both exist (compression finished, clean-up pending)
    const useLog = !m![3] || names.has(base)
    seen.add(base)
    const buf = readFileSync(join(dir, useLog ? base : name))
    lines.push(...splitLines((useLog ? buf : gunzipSync(buf)).toString('utf8')))
  }
  try {
    lines.push(...splitLines(readFileSync(join(dir, `${category}.log`), 'utf8')))
  } catch {
    // no active file
  }
  return lines
}

function splitLines(text: string): string[] {
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

/**
 * Makes a file or directory refuse writes, creations and renames for real: root ignores modes, so
 * as root the immutable attribute is used (EPERM), otherwise the mode (EACCES).
 */
export function lockDown(path: string): void {
  if (isRoot) execFileSync('chattr', ['+i', path])
  else chmodSync(path, 0o500)
}

export function release(path: string, mode = 0o700): void {
  if (isRoot) execFileSync('chattr', ['-i', path])
  else chmodSync(path, mode)
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs a TypeScript file in a child process (vite-node, which ships with vitest): real process, current sources. */
export function spawnTs(script: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  const viteNode = fileURLToPath(new URL('../../../node_modules/vite-node/vite-node.mjs', import.meta.url))
  return spawn(process.execPath, [viteNode, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } })
}

/** Resolves with the first stdout line matching `re` (and `accept`); rejects on exit or timeout. */
export function waitForLine(
  child: ChildProcess,
  re: RegExp,
  timeoutMs = 15_000,
  accept: (m: RegExpExecArray) => boolean = () => true,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffer = ''
    let stderr = ''
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${re} (stdout: ${buffer.slice(-500)}, stderr: ${stderr.slice(-500)})`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) {
        const m = re.exec(line)
        if (m && accept(m)) return done(undefined, m)
      }
    }
    const onErr = (chunk: Buffer) => {
      stderr += chunk.toString()
    }
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) before ${re}; stdout: ${buffer.slice(-500)} stderr: ${stderr.slice(-1000)}`))
    function done(err?: Error, m?: RegExpExecArray) {
      clearTimeout(timer)
      child.stdout!.off('data', onData)
      child.stderr!.off('data', onErr)
      child.off('exit', onExit)
      if (err) reject(err)
      else resolve(m!)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onErr)
    child.on('exit', onExit)
  })
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}
