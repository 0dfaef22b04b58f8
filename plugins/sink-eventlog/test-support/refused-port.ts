/**
 * Test support: a loopback TCP port whose server is down. The port is bound by this process but
 * not listening, so a connection is refused (ECONNREFUSED, as to a stopped syslog server), and no
 * other process can take it meanwhile; `listenOn()` later makes the same socket a server's ("the
 * server is back"), so the port is never free between the two. Closing a probe server and reusing
 * its port number instead leaves a window in which another process can listen on it.
 *
 * Node has no public API for a bound, not listening TCP socket; this uses the tcp_wrap binding
 * that net.Server is built on, whose handle `net.Server#listen(handle)` accepts.
 */
import type net from 'node:net'

interface TcpHandle {
  bind(address: string, port: number): number
  getsockname(out: { port?: number }): number
  close(callback?: () => void): void
}

interface TcpWrap {
  TCP: new (type: number) => TcpHandle
  constants: { SERVER: number }
}

export class RefusedPort {
  readonly port: number
  #handle: TcpHandle | undefined

  constructor() {
    const { TCP, constants } = (process as unknown as { binding(name: 'tcp_wrap'): TcpWrap }).binding('tcp_wrap')
    const handle = new TCP(constants.SERVER)
    const err = handle.bind('127.0.0.1', 0)
    const address: { port?: number } = {}
    if (err !== 0 || handle.getsockname(address) !== 0 || !address.port) {
      handle.close()
      throw new Error(`could not bind a loopback TCP port (libuv error ${err})`)
    }
    this.port = address.port
    this.#handle = handle
  }

  /** Starts `server` listening on this port's socket: from now on connections are accepted. */
  listenOn(server: net.Server): Promise<void> {
    const handle = this.#handle
    if (!handle) return Promise.reject(new Error(`port ${this.port} was already handed over or closed`))
    this.#handle = undefined
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(handle, () => {
        server.off('error', reject)
        resolve()
      })
    })
  }

  /** Releases the port, unless a server took it over (closing that server releases it then). */
  close(): void {
    this.#handle?.close()
    this.#handle = undefined
  }
}
