/**
 * Test support: a private Prometheus on loopback (own config, free port, temp storage dir),
 * scraping the given targets every second, queried through its HTTP API; and promtool. Not a test
 * file. The binaries are Debian's (`npm test` installs them: .ci/install-prometheus.sh).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const INSTALL_HINT =
  'prometheus/promtool not found: `npm test` installs them (test/setup/system-packages.ts); or run `sudo bash .ci/install-prometheus.sh`'

function find(name: string): string {
  for (const p of [`/usr/bin/${name}`, `/usr/local/bin/${name}`]) if (existsSync(p)) return p
  throw new Error(INSTALL_HINT)
}

export const findPrometheus = () => find('prometheus')
export const findPromtool = () => find('promtool')

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** `promtool check metrics` on an exposition text: its exit status and everything it printed. */
export function promtoolCheck(text: string): { status: number | null; output: string } {
  const r = spawnSync(findPromtool(), ['check', 'metrics'], { input: text, encoding: 'utf8' })
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() }
}

export interface Prometheus {
  url: string
  /** an instant PromQL query: the vector's samples as { labels, value } */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: number }>>
  /** polls `query` until `accept` says yes */
  waitFor(
    promql: string,
    accept: (r: Array<{ metric: Record<string, string>; value: number }>) => boolean,
    timeoutMs?: number,
  ): Promise<Array<{ metric: Record<string, string>; value: number }>>
  stop(): Promise<void>
}

export async function startPrometheus(targets: string[], metricsPath = '/metrics'): Promise<Prometheus> {
  const bin = findPrometheus()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-prom-'))
  const port = await freePort()
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: logwarden',
    `    metrics_path: ${metricsPath}`,
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n')
  await writeFile(path.join(dir, 'prometheus.yml'), config)
  const child: ChildProcess = spawn(
    bin,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    await rm(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`)
    }
    const ok = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`prometheus did not become ready: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const query: Prometheus['query'] = async (promql) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`)
    const body = (await res.json()) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }
    if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error}`)
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }))
  }
  const waitFor: Prometheus['waitFor'] = async (promql, accept, timeoutMs = 20_000) => {
    const end = Date.now() + timeoutMs
    let last: Awaited<ReturnType<Prometheus['query']>> = []
    while (Date.now() < end) {
      last = await query(promql)
      if (accept(last)) return last
      await new Promise((r) => setTimeout(r, 250))
    }
    throw new Error(`timed out waiting on ${promql}; last answer ${JSON.stringify(last)}`)
  }
  return { url, query, waitFor, stop }
}
