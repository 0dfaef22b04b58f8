/**
 * Runs in logwarden's worker pool. One connection, opened on first use and again after a failure;
 * a batch counts as written once the socket took all its bytes. A write that throws is retried by
 * logwarden (the same batch, in order), so a collector that restarts loses nothing.
 */
import { connect, type Socket } from 'node:net'
import type { CreateSink } from 'logwarden'

interface WorkerOptions {
  path: string
  connectTimeoutMs: number
}

export const createSink: CreateSink<WorkerOptions> = (options, ctx) => {
  let socket: Socket | undefined

  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect(options.path)
      const timer = setTimeout(() => s.destroy(new Error(`no connection to ${options.path} within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs)
      s.once('connect', () => {
        clearTimeout(timer)
        resolve(s)
      })
      s.once('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
    })

  const send = (s: Socket, data: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      s.write(data, (err) => (err ? reject(err) : resolve()))
    })

  return {
    async write(batch) {
      try {
        if (!socket || socket.destroyed) {
          socket = await open()
          // a broken connection is noticed at the next write; nothing to do in between
          socket.on('error', () => socket?.destroy())
        }
        for (const group of batch.groups) await send(socket, group.data)
        ctx.count(
          'sent',
          batch.groups.reduce((n, g) => n + g.count, 0),
        )
      } catch (err) {
        socket?.destroy()
        socket = undefined
        ctx.count('reconnects')
        throw err
      }
    },
    async close() {
      const s = socket
      socket = undefined
      if (s && !s.destroyed) await new Promise<void>((resolve) => s.end(resolve))
    },
  }
}
