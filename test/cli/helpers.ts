/** Helpers for the CLI tests: run the real `logwarden` binary, spawn the fixture daemon, log in by hand. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BIN = join(ROOT, 'bin', 'run.js')
export const DAEMON = fileURLToPath(new URL('./fixtures/daemon.mjs', import.meta.url))

export const ADMIN_SECRET = 'admin-secret-0123456789abcdef'
export const READ_SECRET = 'read-secret-0123456789abcdef'
/** the secret of the named admin `ops-lead` (DaemonOptions.principals), by ${env:LW_TEST_OPS_SECRET} */
export const OPS_SECRET = 'ops-lead-secret-0123456789abcdef'

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `logwarden …args` to completion (or until `timeoutMs`, then SIGINT). */
export function run(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, TZ: 'UTC', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.stdin.end(opts.input ?? '')
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGINT'), opts.timeoutMs) : undefined
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** A long-running `logwarden …` (tail): lines as they arrive, with the time each arrived. */
export function start(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): {
  child: ChildProcess
  lines: Array<{ at: number; line: string }>
  stderr(): string
  waitFor(pred: (line: string) => boolean, ms?: number): Promise<{ at: number; line: string }>
  stop(): Promise<number | null>
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Array<{ at: number; line: string }> = []
  const waiters: Array<() => void> = []
  let rest = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => {
    const at = Date.now()
    const parts = (rest + d.toString()).split('\n')
    rest = parts.pop()!
    for (const line of parts) if (line) lines.push({ at, line })
    for (const w of waiters.splice(0)) w()
  })
  child.stderr!.on('data', (d) => (err += d))
  return {
    child,
    lines,
    stderr: () => err,
    waitFor(pred, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`timed out; stderr: ${err}; got ${lines.length} line(s)`)), ms)
        const check = () => {
          const hit = lines.find((l) => pred(l.line))
          if (hit) {
            clearTimeout(deadline)
            resolve(hit)
          } else waiters.push(check)
        }
        check()
      })
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode)
        child.once('close', (code) => resolve(code))
        child.kill('SIGINT')
      })
    },
  }
}

export interface Daemon {
  url: string
  dir: string
  logDir: string
  configFile: string
  child: ChildProcess
  output(): string
  writeConfig(patch: (c: Record<string, any>) => void): void
  exited: Promise<number | null>
  kill(): void
  cleanup(): void
}

export interface DaemonOptions {
  level?: string
  tokenTtlMs?: number
  rateLimit?: Record<string, number>
  rotateMaxSize?: number
  intervalMs?: number
  /** the control port (default 0: any free one) */
  port?: number
  /** control's `recent`: records kept per category for /recent and the /tail backlog */
  recent?: number
  /** auth-hmac principals beside the role secrets, e.g. { name: 'ops-lead', role: 'admin', secret: '${env:LW_TEST_OPS_SECRET}' } */
  principals?: Array<Record<string, unknown>>
  /** more plugins, after sink-file (a notifier pointed at a loopback stand-in) */
  plugins?: Array<Record<string, unknown>>
  /** start in this directory (a restart of an earlier daemon: same logs, spool and silences) */
  dir?: string
}

export function daemonConfig(dir: string, o: DaemonOptions): Record<string, any> {
  return {
    level: o.level ?? 'info',
    plugins: [
      { 'sink-file': { dir: './logs' } },
      ...(o.plugins ?? []),
      ...(o.rotateMaxSize ? [{ rotate: { maxSize: o.rotateMaxSize, maxFiles: 1000, compress: 'gzip', maxAge: false } }] : []),
      {
        'auth-hmac': {
          secrets: { admin: { env: 'LW_TEST_ADMIN_SECRET' }, read: { file: './read.secret' } },
          ...(o.tokenTtlMs ? { tokenTtlMs: o.tokenTtlMs } : {}),
          ...(o.principals ? { principals: o.principals } : {}),
        },
      },
      { control: { port: o.port ?? 0, ...(o.recent ? { recent: o.recent } : {}), ...(o.rateLimit ? { rateLimit: o.rateLimit } : {}) } },
    ],
  }
}

/** Spawns the fixture daemon in a temp dir; resolves when it prints its URL. */
export async function spawnDaemon(o: DaemonOptions = {}): Promise<Daemon> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'lw-cli-'))
  const configFile = join(dir, 'logwarden.config.json')
  let config = daemonConfig(dir, o)
  writeFileSync(configFile, JSON.stringify(config, null, 2))
  writeFileSync(join(dir, 'read.secret'), `${READ_SECRET}\n`)
  chmodSync(join(dir, 'read.secret'), 0o600)
  const child = spawn(process.execPath, [DAEMON], {
    cwd: dir,
    env: {
      ...process.env,
      LW_CONFIG: configFile,
      LW_TEST_ADMIN_SECRET: ADMIN_SECRET,
      LW_TEST_OPS_SECRET: OPS_SECRET,
      LW_INTERVAL_MS: String(o.intervalMs ?? 20),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not start: ${out}`)), 15_000)
    const check = () => {
      const m = /READY (\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        child.stdout!.off('data', check)
        resolve(m[1]!)
      }
    }
    child.stdout!.on('data', check)
    void exited.then((code) => reject(new Error(`daemon exited ${code}: ${out}`)))
  })
  return {
    url,
    dir,
    logDir: join(dir, 'logs'),
    configFile,
    child,
    exited,
    output: () => out,
    writeConfig(patch) {
      config = structuredClone(config)
      patch(config)
      writeFileSync(configFile, JSON.stringify(config, null, 2))
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL')
    },
    cleanup: () => {
      if (child.exitCode === null) child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The login of docs/auth-protocol.md with nothing but node:crypto and fetch. */
export async function loginByHand(
  url: string,
  secret: string,
  role?: 'read' | 'admin',
): Promise<{ token: string; tokenId: string; role: string; expiresAt: string }> {
  const headers = { 'content-type': 'application/json' }
  const ch = await fetch(`${url}/auth/challenge`, { method: 'POST', headers, body: JSON.stringify(role ? { role } : {}) })
  const { nonce } = (await ch.json()) as { nonce: string }
  const hmac = createHmac('sha256', secret).update(nonce).digest('hex')
  const res = await fetch(`${url}/auth/verify`, { method: 'POST', headers, body: JSON.stringify({ nonce, hmac }) })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as { token: string; tokenId: string; role: string; expiresAt: string }
}

export function tempConfigHome(): { env: NodeJS.ProcessEnv; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lw-xdg-'))
  return { env: { XDG_CONFIG_HOME: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function readJsonLines(text: string): Record<string, any>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
}
