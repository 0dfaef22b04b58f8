/**
 * A process for the sink-otlp kill test: `node writer.js <endpoint> <buffer-dir> <n>` logs n
 * records to a collector that is down, waits until they are in the durable buffer (log.flush()
 * returns once written; the collector never answers), prints `buffered`, and waits to be killed.
 */
import { createLogger } from '../../../index.js'

const [endpoint, dir, n] = [process.argv[2], process.argv[3], Number(process.argv[4])]
const log = await createLogger({
  config: {
    level: 'info',
    plugins: [{ 'sink-otlp': { endpoint, resource: { 'service.name': 'kill-test' }, buffer: { dir }, flushTimeoutMs: 100, batch: { maxRecords: 7 } } }],
  },
})
for (let i = 0; i < n; i++) log.info(`k${i}`)
await log.flush()
process.stdout.write('buffered\n')
setInterval(() => undefined, 60_000)
