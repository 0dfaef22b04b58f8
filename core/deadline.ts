/**
 * Start-up steps that wait on something outside logwarden (a plugin's apply or init, a sink's
 * start in its worker) must not leave createLogger() pending forever: past the deadline the
 * caller gets the coded error, and the step, if it ever settles, is ignored.
 */
export function withDeadline<T>(work: () => Promise<T> | T, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  // not unref'd: a host waiting only on createLogger() must get the rejection, not a silent exit
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  const run = (async () => work())()
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer))
}
