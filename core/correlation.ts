import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'

const storage = new AsyncLocalStorage<string>()

/** Every record logged inside `fn` (and everything it awaits) carries the same correlation_id. */
export function withCorrelation<T>(fn: () => T, id: string = randomUUID()): T {
  return storage.run(id, fn)
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()
}
