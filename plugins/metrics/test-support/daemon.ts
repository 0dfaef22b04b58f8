/** Test support: drives test-support/metrics-daemon.mjs (a real child process) one command at a time. */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface Daemon {
  url: string
  child: ChildProcess
  /** sends one command and waits for its answer line */
  send(command: string): Promise<Record<string, unknown>>
  stop(): Promise<void>
}

export async function startDaemon(config: unknown): Promise<Daemon> {
  const script = fileURLToPath(new URL('./metrics-daemon.mjs', import.meta.url))
  const child = spawn(process.execPath, [script, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
  const waiting: Array<(line: Record<string, unknown>) => void> = []
  let buffer = ''
  child.stdout!.on('data', (c: Buffer) => {
    buffer += c.toString()
    const lines = buffer.split('\n')
    buffer = lines.pop()!
    for (const l of lines) if (l.startsWith('{')) waiting.shift()?.(JSON.parse(l) as Record<string, unknown>)
  })
  const next = (what: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`daemon: no answer to ${what} (stderr: ${stderr})`)), 20_000)
      const onExit = (code: number | null) => reject(new Error(`daemon exited with ${code} before answering ${what}: ${stderr}`))
      child.once('exit', onExit)
      waiting.push((line) => {
        clearTimeout(timer)
        child.off('exit', onExit)
        resolve(line)
      })
    })
  const first = await next('start')
  const send = async (command: string) => {
    const answer = next(command)
    child.stdin!.write(`${command}\n`)
    const a = await answer
    if (a.error) throw new Error(`daemon: ${command}: ${String(a.error)}`)
    return a
  }
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.stdin!.end()
    child.kill('SIGTERM')
    await exited
  }
  return { url: String(first.url), child, send, stop }
}
