/** The pool's worker file: attaches sink lanes, and runs one-off tasks (compression, tests). */
import { runLane } from './lane-runner.js'
import type { CallTask, LaneTask } from './lane-protocol.js'

export default async function run(task: LaneTask | CallTask): Promise<unknown> {
  if (task.kind === 'lane') return runLane(task)
  const mod = (await import(task.module)) as Record<string, unknown>
  const fn = mod[task.export]
  if (typeof fn !== 'function') throw new Error(`${task.module} has no exported function ${task.export}`)
  return (fn as (args: unknown) => unknown)(task.args)
}
