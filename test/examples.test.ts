/** Every example in examples/ is run here, as a user would run it. */
import { describe, expect, it, afterAll } from 'vitest'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tempDir } from './helpers/sinks.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const t = tempDir('lw-examples-')
afterAll(() => t.cleanup())

function runNode(script: string, env: Record<string, string>, cwd: string, args: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('examples', () => {
  it('risk-manager (npm run demo): files per category, redacted, and the console view', async () => {
    const { code, stdout, stderr } = await runNode('dist/examples/risk-manager.js', { DEMO_SECONDS: '4', NO_COLOR: '1' }, t.dir)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const logs = join(t.dir, 'logs')
    const files = readdirSync(logs).sort()
    expect(files).toEqual(expect.arrayContaining(['audit.log', 'enforcement.log', 'execution.log', 'risk.log', 'system.log']))
    expect(statSync(logs).mode & 0o777).toBe(0o700)
    expect(statSync(join(logs, 'audit.log')).mode & 0o777).toBe(0o600)
    const all = files.map((f) => readFileSync(join(logs, f), 'utf8')).join('')
    for (const secret of ['sk-live-9f8e7d6c5b4a39281706', 'AbCdEfGhIjKlMnOpQrStUvWxYz', '4111 1111 1111 1111', 'eyJzdWIiOiJkZW1vIn0']) {
      expect(all).not.toContain(secret)
    }
    const enforcement = readFileSync(join(logs, 'enforcement.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(enforcement[0]).toMatchObject({ category: 'enforcement', rule: 'UnrealizedLoss', event: 'close_position' })
    expect(stdout).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN {2}\| enforcement \| [A-Z]{3}\d{3} \| Position closed/m)
    expect(stdout).toContain('no secret reached a file (redacted)')
    // the story: a warning before the limit, the enforcement, the lockout and its alert (to the local stand-in)
    expect(stdout).toMatch(/WARN {2}\| risk \| ABC123 \| Approaching UnrealizedLoss limit/)
    expect(stdout).toMatch(/CRIT {2}\| enforcement \| XYZ789 \| ACCOUNT LOCKED OUT: realized -412.45/)
    expect(stdout).toContain('alerts received by the local Discord stand-in: "🚨 Account Locked Out')
    // amounts rounded: no float artefacts such as -458.44999999999993
    expect(stdout).not.toMatch(/\d\.\d{5,}/)
    // and where to look next: the three commands, which work on what the demo wrote
    expect(stdout).toContain('npx logwarden recent --dir logs')
    expect(stdout).toContain('npx logwarden query --dir logs --level warn')
    expect(stdout).toContain('npx logwarden query --dir logs -c enforcement -w account_id=XYZ789 -o json-pretty')
    const recent = await runNode('bin/run.js', { NO_COLOR: '1' }, t.dir, ['recent', '--dir', logs])
    expect(recent.stdout).toContain('ACCOUNT LOCKED OUT')
  })
})
