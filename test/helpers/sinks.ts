/** Test helpers: a temp dir per test and a plugin object that declares the append fixture sink. */
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LogwardenPlugin, SinkSpec } from 'logwarden'

export const APPEND_SINK = new URL('../fixtures/append-sink.mjs', import.meta.url).href

export function tempDir(prefix = 'lw-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function appendSink(name: string, options: Record<string, unknown>, extra: Partial<SinkSpec> = {}): LogwardenPlugin {
  return {
    name: `test-${name}`,
    apply(pipeline) {
      pipeline.addSink({ name, kind: 'append', module: APPEND_SINK, options, ...extra })
    },
  }
}

export function readLines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}
