/**
 * `npm run docs:options`: rewrites the options table of every built-in plugin README that has the
 * markers, from the plugin's schema (run from dist/, after the build).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { withOptionsTable } from './options-table.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

for (const name of readdirSync(join(ROOT, 'plugins'))) {
  const readme = join(ROOT, 'plugins', name, 'README.md')
  const entry = join(ROOT, 'dist', 'plugins', name, 'index.js')
  if (!existsSync(readme) || !existsSync(entry)) continue
  const plugin = ((await import(pathToFileURL(entry).href)) as { default?: { schema?: object } }).default
  if (!plugin?.schema) continue
  const text = readFileSync(readme, 'utf8')
  const next = withOptionsTable(text, plugin.schema)
  if (next !== undefined && next !== text) {
    writeFileSync(readme, next)
    process.stdout.write(`plugins/${name}/README.md: options table regenerated\n`)
  }
}
