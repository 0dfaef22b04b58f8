import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { runPlugin, waitFor } from 'logwarden/testing'
import plugin from './index.js'

/** a collector on a Unix socket: keeps every line it receives */
async function collector(path: string): Promise<{ server: Server; lines: string[] }> {
  const lines: string[] = []
  const server = createServer((socket) => {
    let rest = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n')
      rest = parts.pop()!
      lines.push(...parts)
    })
  })
  await new Promise<void>((resolve) => server.listen(path, resolve))
  return { server, lines }
}

test('every record reaches the collector once, in order', async () => {
  const run = await runPlugin(plugin, { path: 'collector.sock' })
  const { server, lines } = await collector(join(run.dir, 'collector.sock'))
  try {
    for (let i = 0; i < 50; i++) run.log.category('audit').info(`order ${i}`, { order_id: i })
    await run.log.flush()
    await waitFor(() => lines.filter((l) => l.includes('"order ')).length >= 50, 10_000, '50 lines')
    const orders = lines.map((l) => JSON.parse(l) as { message: string }).filter((r) => r.message.startsWith('order '))
    assert.deepEqual(
      orders.map((r) => r.message),
      Array.from({ length: 50 }, (_, i) => `order ${i}`),
    )
    assert.ok((run.stats().lanes.find((l) => l.name === 'sink-socket')?.counters.sent ?? 0) >= 50)
  } finally {
    await run.close()
    server.close()
  }
})

test('a collector that starts late still gets what was logged before', async () => {
  const run = await runPlugin(plugin, { path: 'late.sock' })
  try {
    run.log.info('before the collector')
    await new Promise((r) => setTimeout(r, 300))
    const { server, lines } = await collector(join(run.dir, 'late.sock'))
    await run.log.flush()
    await waitFor(() => lines.some((l) => l.includes('before the collector')), 15_000, 'the early record')
    assert.equal(lines.filter((l) => l.includes('before the collector')).length, 1)
    server.close()
  } finally {
    await run.close()
  }
})
