/**
 * Test support: a private rsyslogd on loopback (own config, ports, sockets and work dir under
 * os.tmpdir(); nothing system-wide), receiving UDP, TCP, TLS and two unix sockets into a file of
 * JSON lines (one per message, every parsed syslog field). Not a test file; used by the tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import dgram from 'node:dgram'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import tls from 'node:tls'

export interface Received {
  pri: string
  facility: string
  severity: string
  hostname: string
  app: string
  procid: string
  msgid: string
  sd: string
  msg: string
  input: string
  /** the raw message as received (rawmsg) */
  raw: string
}

export interface Rsyslog {
  dir: string
  udpPort: number
  tcpPort: number
  tlsPort: number
  /** imuxsock with rsyslog's defaults (the special local parser, as on /dev/log) */
  localSocket: string
  /** imuxsock parsing RFC 5424 (UseSpecialParser off) */
  rfc5424Socket: string
  /** the self-signed certificate (CN/SAN localhost, 127.0.0.1) the TLS listener presents */
  certFile: string
  records(): Promise<Received[]>
  waitFor(count: (r: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>
  stop(): Promise<void>
}

export const INSTALL_HINT =
  "rsyslogd not found: `npm test` installs it (test/setup/system-packages.ts); or run `sudo bash .ci/install-rsyslog.sh` (Debian's rsyslog and rsyslog-openssl)"

export function findRsyslogd(): string {
  for (const p of ['/usr/sbin/rsyslogd', '/sbin/rsyslogd', '/usr/local/sbin/rsyslogd']) if (existsSync(p)) return p
  const which = spawnSync('sh', ['-c', 'command -v rsyslogd'], { encoding: 'utf8' })
  const found = which.stdout.trim()
  if (which.status === 0 && found) return found
  throw new Error(INSTALL_HINT)
}

async function freeTcpPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const port = socket.address().port
  await new Promise<void>((resolve) => socket.close(() => resolve()))
  return port
}

const PROBE_APP = 'lw-probe'

const FIELDS: Array<[keyof Received, string]> = [
  ['pri', 'pri'],
  ['facility', 'syslogfacility'],
  ['severity', 'syslogseverity'],
  ['hostname', 'hostname'],
  ['app', 'app-name'],
  ['procid', 'procid'],
  ['msgid', 'msgid'],
  ['sd', 'structured-data'],
  ['msg', 'msg'],
  ['input', 'inputname'],
  ['raw', 'rawmsg'],
]

function config(dir: string, ports: { udp: number; tcp: number; tls: number }, out: string): string {
  const props = FIELDS.map(([out_, name]) => `  property(outname="${out_}" name="${name}" format="jsonf")`).join('\n')
  return `
global(workDirectory="${dir}" parser.escapeControlCharactersOnReceive="off"
       defaultNetstreamDriverCAFile="${dir}/cert.pem" defaultNetstreamDriverCertFile="${dir}/cert.pem"
       defaultNetstreamDriverKeyFile="${dir}/key.pem" maxMessageSize="64k")
module(load="imuxsock" SysSock.Use="off")
module(load="imudp")
module(load="imtcp" maxSessions="50")
input(type="imuxsock" Socket="${dir}/local.sock")
input(type="imuxsock" Socket="${dir}/rfc5424.sock" UseSpecialParser="off" ParseHostname="on")
input(type="imudp" address="127.0.0.1" port="${ports.udp}" name="udp")
input(type="imtcp" address="127.0.0.1" port="${ports.tcp}" name="tcp")
input(type="imtcp" address="127.0.0.1" port="${ports.tls}" name="tls"
      streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon")
template(name="lwjson" type="list" option.jsonf="on") {
${props}
}
*.* action(type="omfile" file="${out}" template="lwjson")
`
}

/** What rsyslogd says (on stderr, running on without that input) when a listener's port is taken. */
const BIND_FAILED = /Address already in use|Error while binding|could not create (tcp|udp) listener|bind\(\) failed/i
const START_ATTEMPTS = 5

/** The ports were free when chosen but another process bound one before rsyslogd could. */
class PortTaken extends Error {}

/**
 * Starts rsyslogd on fresh loopback ports. Its ports must be chosen before it starts (its config
 * names them), so one can be taken in between: rsyslogd then says so and the start is retried on
 * fresh ports, a few times. Ready means a probe sent to each input came out of rsyslogd with that
 * input's name, so every port is rsyslogd's and not another process's.
 */
export async function startRsyslog(): Promise<Rsyslog> {
  const bin = findRsyslogd()
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(bin)
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt >= START_ATTEMPTS) throw err
    }
  }
}

async function startOnce(bin: string): Promise<Rsyslog> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-rsyslog-'))
  const out = path.join(dir, 'out.jsonl')
  const certFile = path.join(dir, 'cert.pem')
  const openssl = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  )
  if (openssl.status !== 0) {
    await rm(dir, { recursive: true, force: true })
    throw new Error(`openssl could not make a test certificate: ${openssl.stderr || openssl.error?.message} (run .ci/install-rsyslog.sh)`)
  }
  const ports = { udp: await freeUdpPort(), tcp: await freeTcpPort(), tls: await freeTcpPort() }
  await writeFile(path.join(dir, 'rsyslog.conf'), config(dir, ports, out))

  let stderr = ''
  const child: ChildProcess = spawn(bin, ['-n', '-f', path.join(dir, 'rsyslog.conf'), '-i', path.join(dir, 'rsyslogd.pid')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  let exited = false
  child.on('exit', () => (exited = true))

  const all = async (): Promise<Received[]> => {
    let text = ''
    try {
      text = await readFile(out, 'utf8')
    } catch {
      return []
    }
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Received)
  }
  const records = async (): Promise<Received[]> => (await all()).filter((r) => r.app !== PROBE_APP)

  const rs: Rsyslog = {
    dir,
    udpPort: ports.udp,
    tcpPort: ports.tcp,
    tlsPort: ports.tls,
    localSocket: path.join(dir, 'local.sock'),
    rfc5424Socket: path.join(dir, 'rfc5424.sock'),
    certFile,
    records,
    async waitFor(pred, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const got = await records()
        if (pred(got)) return got
        if (Date.now() > deadline) return got
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))])
        if (!exited) child.kill('SIGKILL')
      }
      await rm(dir, { recursive: true, force: true })
    },
  }

  const udp = dgram.createSocket('udp4')
  try {
    const deadline = Date.now() + 10_000
    const inputs = { udp: ports.udp, tcp: ports.tcp, tls: ports.tls }
    const pending = new Set(Object.keys(inputs) as Array<keyof typeof inputs>)
    for (;;) {
      if (BIND_FAILED.test(stderr)) throw new PortTaken('a port was taken before rsyslogd bound it')
      const got = await all()
      for (const input of pending) if (got.some((r) => r.app === PROBE_APP && r.input === input)) pending.delete(input)
      if (pending.size === 0 && existsSync(rs.localSocket) && existsSync(rs.rfc5424Socket)) break
      if (exited) throw new Error('rsyslogd exited during start-up')
      if (Date.now() > deadline) {
        throw new Error(`rsyslogd did not receive on ${[...pending].join(', ') || 'its unix sockets'} within 10 s`)
      }
      // UDP has no handshake, and TCP/TLS may not listen yet: probe again until each came through
      for (const input of pending) {
        const frame = `<14>1 - - ${PROBE_APP} - - - probe ${input}`
        if (input === 'udp') udp.send(frame, ports.udp, '127.0.0.1')
        else void probeStream(inputs[input], input === 'tls', frame)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  } catch (err) {
    await rs.stop()
    if (err instanceof PortTaken) throw new PortTaken(`${err.message}; rsyslogd said: ${stderr.trim()}`)
    throw new Error(`${(err as Error).message}; rsyslogd said: ${stderr.trim() || '(nothing)'}`, { cause: err })
  } finally {
    udp.close()
  }
  return rs
}

/** Sends one octet-counted frame over TCP or TLS (any certificate: only the port is checked); never rejects. */
function probeStream(port: number, secure: boolean, message: string): Promise<void> {
  return new Promise((resolve) => {
    const body = Buffer.from(message)
    const socket = secure ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }) : net.connect({ host: '127.0.0.1', port })
    socket.setTimeout(1000, () => socket.destroy())
    socket.once(secure ? 'secureConnect' : 'connect', () => socket.end(`${body.length} ${message}`))
    socket.on('error', () => resolve())
    socket.on('close', () => resolve())
  })
}
