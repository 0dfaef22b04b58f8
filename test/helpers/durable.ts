/** Runs test/fixtures/durable-child.mjs (see its header for the modes) and collects its output. */
import { spawn } from 'node:child_process'

const CHILD = new URL('../fixtures/durable-child.mjs', import.meta.url).pathname

export function runChild(args: object): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}
