/** A loopback HTTP server standing in for a chat API, counting the requests it gets. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface IdleServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** requests received so far */
  readonly requests: number
  close(): Promise<void>
}

export async function startIdleServer(): Promise<IdleServer> {
  let requests = 0
  const server = createServer((req, res) => {
    requests++
    req.resume()
    // what Discord answers a webhook post with `?wait=false`
    req.on('end', () => res.writeHead(204).end())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
