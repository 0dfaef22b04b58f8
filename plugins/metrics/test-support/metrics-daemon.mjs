// A test daemon in its own process: createLogger with the config given as JSON on argv (control on
// port 0), then commands on stdin, one per line, each answered with one JSON line on stdout:
//   log <category> <level> <n>   logs n records
//   inc <counter> <side> <n>     an application counter (labelled by side)
//   block <ms>                   keeps the event loop busy
//   flush | reload | close
// The first line printed is {"url": <control API base URL>}.
import { createInterface } from 'node:readline'
import { createLogger } from 'logwarden'
import { controlUrl } from 'logwarden/plugins/control'

const config = JSON.parse(process.argv[2])
const log = await createLogger({ config })
console.log(JSON.stringify({ url: controlUrl(log.pipeline) }))

const counters = new Map()
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, ...args] = line.trim().split(/\s+/)
  try {
    if (cmd === 'log') {
      const [category, level, n] = args
      for (let i = 0; i < Number(n); i++) log.category(category).log(level, `record ${i}`, { i })
    } else if (cmd === 'inc') {
      const [name, side, n] = args
      if (!counters.has(name)) counters.set(name, log.metrics.counter({ name, help: 'An application counter.', labelNames: ['side'] }))
      counters.get(name).inc({ side }, Number(n))
    } else if (cmd === 'block') {
      const end = Date.now() + Number(args[0])
      while (Date.now() < end);
    } else if (cmd === 'flush') await log.flush()
    else if (cmd === 'reload') await log.reload()
    else if (cmd === 'close') {
      await log.close()
      console.log(JSON.stringify({ ok: cmd }))
      process.exit(0)
    }
    console.log(JSON.stringify({ ok: cmd }))
  } catch (err) {
    console.log(JSON.stringify({ error: String(err?.message ?? err) }))
  }
}
