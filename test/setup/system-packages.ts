/**
 * vitest globalSetup: before any test, every `.ci/install-*.sh` whose `--check` reports something
 * missing is run to install it (rsyslog for the sink-eventlog tests today), so `npm test` passes on
 * a fresh machine with only Node. The scripts decide how to get root (root, else `sudo -n`) and say
 * what to run when they cannot; here a failure stops the run with that one message instead of
 * letting every dependent test fail on its own.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export function installScripts(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^install-.+\.sh$/.test(f))
    .sort()
    .map((f) => path.join(dir, f))
}

function run(script: string, args: string[]) {
  // stdin closed: nothing may wait for an answer (CI has no terminal)
  const res = spawnSync('bash', [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
  return { ok: res.status === 0, status: res.status, out: `${res.stdout ?? ''}${res.stderr ?? ''}`.trim() || String(res.error ?? '') }
}

function tail(text: string): string {
  return text.split('\n').filter(Boolean).slice(-3).join(' | ')
}

/** Installs what each script reports missing; throws one message naming the command to run when it cannot. */
export function ensureSystemPackages(dir: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const failures: string[] = []
  for (const script of installScripts(dir)) {
    if (run(script, ['--check']).ok) continue
    const rel = path.relative(process.cwd(), script) || script
    log(`system-packages: ${rel} --check reports something missing; installing (may take a minute)`)
    const install = run(script, [])
    const after = run(script, ['--check'])
    if (install.ok && after.ok) continue
    // exit 2: the script could not get root and its message already names the command to run
    if (install.status === 2) failures.push(install.out)
    else failures.push(`${rel} failed: ${tail(install.ok ? after.out : install.out)}\n  fix: run \`sudo bash ${rel}\` once, then npm test again`)
  }
  if (failures.length > 0) {
    throw new Error(`the tests need system packages that could not be installed:\n${failures.join('\n')}`)
  }
}

export default function setup(): void {
  // the scripts are bash + apt: nothing they could do on Windows
  if (process.platform === 'win32') return
  ensureSystemPackages(path.join(ROOT, '.ci'))
}
