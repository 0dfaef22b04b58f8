/**
 * Silences (as in Alertmanager): matchers and a time window. An alert that every matcher of an
 * active silence accepts is recorded in the alert history as `silenced`, and not sent.
 */

/** `rule`, `account`, `notifier`, `channel`, or a record field path (dots for nesting) */
export interface Matcher {
  name: string
  op: '=' | '!='
  value: string
}

export interface Silence {
  /** `sil_` and 12 hex digits */
  id: string
  matchers: Matcher[]
  /** ISO times: active from startsAt until endsAt (exclusive) */
  startsAt: string
  endsAt: string
  createdAt: string
  createdBy: string
  comment: string
  /** set by `silence expire`: when and by whom it was ended early */
  expiredAt?: string
  expiredBy?: string
}

/** What a silence is matched against: one alert, as its notifier sees it. */
export interface AlertView {
  notifier: string
  channel: string
  /** the rule (`rule`, `details.rule`), when the record names one */
  rule?: string
  /** the record's event name (`event`, else the action's type) */
  event?: string
  account?: string
  record: Record<string, unknown>
}

export type SilenceState = 'active' | 'pending' | 'expired'

export function silenceState(s: Silence, now: number): SilenceState {
  if (Date.parse(s.endsAt) <= now) return 'expired'
  if (Date.parse(s.startsAt) > now) return 'pending'
  return 'active'
}

function fieldAt(record: Record<string, unknown>, path: string): unknown {
  let v: unknown = record
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

/** The values one matcher name stands for: `rule` is the rule or, without one, the event name. */
function valuesOf(name: string, alert: AlertView): string[] {
  switch (name) {
    case 'rule': {
      // a metrics monitor's threshold_exceeded / threshold_recovered names its rule in `name`
      const monitorRule = alert.event?.startsWith('threshold_') && typeof alert.record.name === 'string' ? alert.record.name : undefined
      return [alert.rule, alert.event, monitorRule].filter((v): v is string => v !== undefined)
    }
    case 'account':
      return alert.account === undefined ? [] : [alert.account]
    case 'notifier':
      return [alert.notifier]
    case 'channel':
      return [alert.channel]
    default: {
      const v = fieldAt(alert.record, name)
      return v === undefined || v === null || typeof v === 'object' ? [] : [String(v)]
    }
  }
}

export function matcherAccepts(m: Matcher, alert: AlertView): boolean {
  const hit = valuesOf(m.name, alert).includes(m.value)
  return m.op === '=' ? hit : !hit
}

/** The first active silence whose every matcher accepts the alert. */
export function silencing(silences: readonly Silence[], alert: AlertView, now: number): Silence | undefined {
  return silences.find((s) => silenceState(s, now) === 'active' && s.matchers.length > 0 && s.matchers.every((m) => matcherAccepts(m, alert)))
}

const MATCHER_RE = /^([A-Za-z_][\w.-]*)\s*(!=|=)\s*(.*)$/s

/** `key=value` or `key!=value`; undefined when it is neither. */
export function parseMatcher(text: string): Matcher | undefined {
  const m = MATCHER_RE.exec(text.trim())
  if (!m || m[3] === '') return undefined
  return { name: m[1]!, op: m[2] as Matcher['op'], value: m[3]! }
}

export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}${m.value}`
}
