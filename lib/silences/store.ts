/**
 * The silences file (`.logwarden/silences.json` beside the spool): the daemon writes it (temp
 * file, fsync, rename: a reader sees the old list or the new one, never half), notifier workers
 * read it. Expired silences stay listed for RETAIN_EXPIRED_MS (`silence list --all`), at most
 * MAX_SILENCES in all.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { silenceState, type Silence } from './model.js'

/** Alertmanager keeps expired silences 5 days too */
export const RETAIN_EXPIRED_MS = 5 * 86_400_000
export const MAX_SILENCES = 1000

export function silencesFile(baseDir: string): string {
  return resolve(baseDir, '.logwarden', 'silences.json')
}

export function newSilenceId(): string {
  return `sil_${randomBytes(6).toString('hex')}`
}

/** The list in the file; [] when there is none yet. A damaged file throws (never silently empty). */
export async function readSilences(file: string): Promise<Silence[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const parsed = JSON.parse(text) as { silences?: unknown }
  if (!Array.isArray(parsed.silences)) throw new Error(`${file} has no "silences" list`)
  return parsed.silences as Silence[]
}

export async function writeSilences(file: string, silences: Silence[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const tmp = join(dirname(file), `.silences.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const handle = await open(tmp, 'w', 0o600)
  try {
    await handle.writeFile(`${JSON.stringify({ version: 1, silences }, null, 2)}\n`)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(tmp, file)
}

/** Drops silences expired longer than the retention, then the oldest expired ones over the bound. */
export function prune(silences: Silence[], now: number): Silence[] {
  const kept = silences.filter((s) => silenceState(s, now) !== 'expired' || Date.parse(s.endsAt) > now - RETAIN_EXPIRED_MS)
  while (kept.length > MAX_SILENCES) {
    const oldestExpired = kept.findIndex((s) => silenceState(s, now) === 'expired')
    kept.splice(oldestExpired >= 0 ? oldestExpired : 0, 1)
  }
  return kept
}
