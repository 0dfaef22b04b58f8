/**
 * CPU time of the main thread alone. Node 20 has no process.threadCpuUsage, and process.cpuUsage()
 * adds every thread (workers, GC helpers, libuv), which would hide work moved off the main thread
 * rather than saved. On Linux the main thread's task id is the pid, and the kernel reports its
 * CPU time per task:
 *   /proc/self/task/<pid>/schedstat  field 1 = time on CPU in ns (user + system), exact;
 *   /proc/self/task/<pid>/stat       fields 14 + 15 = utime + stime in clock ticks (1/CLK_TCK s).
 * schedstat is used when the kernel provides it, stat otherwise, process.cpuUsage() elsewhere.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

export interface CpuClock {
  /** how the numbers are obtained, printed with the results */
  readonly method: 'schedstat' | 'stat' | 'process'
  /** true when the clock covers the main thread only */
  readonly mainThreadOnly: boolean
  /** CPU time in ns since some fixed point */
  now(): number
}

function ticksPerSecond(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    return Number.isFinite(n) && n > 0 ? n : 100
  } catch {
    return 100 // the value on every mainstream Linux build
  }
}

function schedstatClock(path: string): CpuClock | undefined {
  const read = () => Number(readFileSync(path, 'latin1').split(' ', 1)[0])
  try {
    if (!Number.isFinite(read())) return undefined
  } catch {
    return undefined
  }
  return { method: 'schedstat', mainThreadOnly: true, now: read }
}

function statClock(path: string): CpuClock | undefined {
  const nsPerTick = 1e9 / ticksPerSecond()
  const read = () => {
    const text = readFileSync(path, 'latin1')
    // the command name (field 2) is in parentheses and may hold spaces: split after its ')'
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12]
    return (Number(fields[11]) + Number(fields[12])) * nsPerTick
  }
  try {
    if (!Number.isFinite(read())) return undefined
  } catch {
    return undefined
  }
  return { method: 'stat', mainThreadOnly: true, now: read }
}

const processClock: CpuClock = {
  method: 'process',
  mainThreadOnly: false,
  now() {
    const u = process.cpuUsage()
    return (u.user + u.system) * 1000
  },
}

/** The best main-thread clock this platform offers (BENCH_CPU_CLOCK=stat|process forces one). */
export function mainThreadClock(): CpuClock {
  const forced = process.env.BENCH_CPU_CLOCK
  if (forced === 'process' || process.platform !== 'linux') return processClock
  const task = `/proc/self/task/${process.pid}`
  if (forced !== 'stat') {
    const c = schedstatClock(`${task}/schedstat`)
    if (c) return c
  }
  return statClock(`${task}/stat`) ?? processClock
}

/** CPU time of the whole process (every thread) in ns, for comparison with the main thread's. */
export function processCpuNs(): number {
  return processClock.now()
}
