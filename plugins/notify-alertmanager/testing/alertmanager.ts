/**
 * Test support (tests and bench/): a private Alertmanager on loopback (Debian's prometheus-alertmanager, clustering
 * off, own config and storage under os.tmpdir()) routing everything to a webhook receiver the test
 * serves, with short group timers so a notification follows an alert within a second.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const INSTALL_HINT =
  'prometheus-alertmanager not found: `npm test` installs it (test/setup/system-packages.ts); or run `sudo bash .ci/install-alertmanager.sh`'

export function findAlertmanager(): string {
  for (const p of ['/usr/bin/prometheus-alertmanager', '/usr/local/bin/alertmanager']) if (existsSync(p)) return p
  const which = spawnSync('sh', ['-c', 'command -v prometheus-alertmanager || command -v alertmanager'], { encoding: 'utf8' })
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim()
  throw new Error(INSTALL_HINT)
}

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** One alert as Alertmanager's webhook receiver gets it. */
export interface WebhookAlert {
  status: 'firing' | 'resolved'
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: string
  endsAt: string
  generatorURL: string
  fingerprint: string
}

export interface WebhookMessage {
  receiver: string
  status: 'firing' | 'resolved'
  alerts: WebhookAlert[]
  groupLabels: Record<string, string>
  /** when the test's server received it (performance.now()) */
  receivedAt: number
}

export class WebhookReceiver {
  readonly messages: WebhookMessage[] = []
  #server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      try {
        this.messages.push({ ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookMessage), receivedAt: performance.now() })
      } catch {
        // not JSON: Alertmanager always sends JSON, so a test would see nothing arrive
      }
      res.writeHead(200).end()
    })
  })
  url = ''

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.#server.address() as net.AddressInfo).port}/hook`
    return this
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }
}

export interface Alertmanager {
  url: string
  port: number
  process: ChildProcess
  /** GET /api/v2/alerts (every state, silenced included) */
  alerts(): Promise<Array<{ labels: Record<string, string>; status: { state: string; silencedBy: string[] }; endsAt: string }>>
  /** POST /api/v2/silences; the silence id */
  silence(matchers: Record<string, string>, minutes?: number): Promise<string>
  stop(): Promise<void>
}

export async function startAlertmanager(opts: { receiverUrl: string; port?: number; groupWait?: string }): Promise<Alertmanager> {
  const bin = findAlertmanager()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-am-'))
  const port = opts.port ?? (await freePort())
  const config = [
    'route:',
    '  receiver: test',
    "  group_by: ['alertname', 'account_id']",
    `  group_wait: ${opts.groupWait ?? '100ms'}`,
    '  group_interval: 300ms',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: test',
    '    webhook_configs:',
    `      - url: '${opts.receiverUrl}'`,
    '        send_resolved: true',
    '',
  ].join('\n')
  await writeFile(path.join(dir, 'alertmanager.yml'), config)
  const child = spawn(
    bin,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited (${child.exitCode}): ${stderr}`)
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`alertmanager not ready after 15 s: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    port,
    process: child,
    stop,
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts?silenced=true&inhibited=true&active=true&unprocessed=true`)
      return (await res.json()) as Awaited<ReturnType<Alertmanager['alerts']>>
    },
    async silence(matchers, minutes = 60) {
      const now = Date.now()
      const res = await fetch(`${url}/api/v2/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
          startsAt: new Date(now - 1000).toISOString(),
          endsAt: new Date(now + minutes * 60_000).toISOString(),
          createdBy: 'logwarden tests',
          comment: 'test silence',
        }),
      })
      if (!res.ok) throw new Error(`silence: HTTP ${res.status} ${await res.text()}`)
      return ((await res.json()) as { silenceID: string }).silenceID
    },
  }
}
