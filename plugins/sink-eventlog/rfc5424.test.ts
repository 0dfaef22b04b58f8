import { describe, expect, it } from 'vitest'
import {
  BOM,
  FACILITIES,
  escapeParamValue,
  formatRfc5424,
  formatRfc5424Bounded,
  isRfc5424Timestamp,
  isSdId,
  isSdName,
  octetCountingFrame,
  printUsAscii,
  severityOf,
  truncateUtf8,
} from './rfc5424.js'
import { recordParams, toSyslogMessage, toWindowsEntry } from './message.js'

describe('RFC 5424 §6.5 examples', () => {
  it('example 1: BOM message, no structured data', () => {
    // <34>: facility 4 (auth), severity 2 (crit)
    expect(
      formatRfc5424({
        facility: FACILITIES.auth,
        severity: 2,
        timestamp: '2003-10-11T22:14:15.003Z',
        hostname: 'mymachine.example.com',
        appName: 'su',
        procid: '-',
        msgid: 'ID47',
        structuredData: [],
        msg: "'su root' failed for lonvick on /dev/pts/8",
      }),
    ).toBe(`<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`)
  })

  it('example 2: microseconds, offset, IP hostname, no BOM', () => {
    expect(
      formatRfc5424({
        facility: FACILITIES.local4,
        severity: 5,
        timestamp: '2003-08-24T05:14:15.000003-07:00',
        hostname: '192.0.2.1',
        appName: 'myproc',
        procid: '8710',
        msgid: '-',
        structuredData: [],
        msg: "%% It's time to make the do-nuts.",
        bom: false,
      }),
    ).toBe("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.")
  })

  const exampleSd = {
    id: 'exampleSDID@32473',
    params: [
      ['iut', '3'],
      ['eventSource', 'Application'],
      ['eventID', '1011'],
    ] as Array<[string, string]>,
  }

  it('example 3: structured data and a BOM message', () => {
    expect(
      formatRfc5424({
        facility: FACILITIES.local4,
        severity: 5,
        timestamp: '2003-10-11T22:14:15.003Z',
        hostname: 'mymachine.example.com',
        appName: 'evntslog',
        procid: '-',
        msgid: 'ID47',
        structuredData: [exampleSd],
        msg: 'An application event log entry...',
      }),
    ).toBe(
      `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`,
    )
  })

  it('example 4: two SD elements and no MSG', () => {
    expect(
      formatRfc5424({
        facility: FACILITIES.local4,
        severity: 5,
        timestamp: '2003-10-11T22:14:15.003Z',
        hostname: 'mymachine.example.com',
        appName: 'evntslog',
        procid: '-',
        msgid: 'ID47',
        structuredData: [exampleSd, { id: 'examplePriority@32473', params: [['class', 'high']] }],
      }),
    ).toBe(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
    )
  })

  it('§6.3.5: an SD element with no params', () => {
    expect(
      formatRfc5424({
        facility: 1,
        severity: 6,
        timestamp: '-',
        hostname: '-',
        appName: '-',
        procid: '-',
        msgid: '-',
        structuredData: [{ id: 'exampleSDID@32473', params: [] }],
      }),
    ).toBe('<14>1 - - - - - [exampleSDID@32473]')
  })
})

describe('escaping and field rules', () => {
  it('§6.3.3: escapes only ", \\ and ]', () => {
    expect(escapeParamValue('a"b\\c]d[e=f\ng')).toBe('a\\"b\\\\c\\]d[e=f\ng')
  })

  it('PRINTUSASCII fields: invalid characters replaced, length cut, empty is NILVALUE', () => {
    expect(printUsAscii('host name\twith é', 255)).toBe('host_name_with__')
    expect(printUsAscii('x'.repeat(100), 48)).toHaveLength(48)
    expect(printUsAscii('', 32)).toBe('-')
    expect(printUsAscii('a😀b', 32)).toBe('a_b')
  })

  it('SD-NAME and SD-ID rules', () => {
    expect(isSdName('account_id')).toBe(true)
    for (const bad of ['a=b', 'a b', 'a]', 'a"', '', 'x'.repeat(33), 'é']) expect(isSdName(bad)).toBe(false)
    expect(isSdId('logwarden@32473')).toBe(true)
    expect(isSdId('origin')).toBe(true)
    expect(isSdId('x@y')).toBe(false)
    expect(isSdId('a b@1')).toBe(false)
  })

  it('timestamps: RFC 3339 as §6.2.3 restricts it', () => {
    expect(isRfc5424Timestamp('2024-05-01T10:00:00.123Z')).toBe(true)
    expect(isRfc5424Timestamp('2003-08-24T05:14:15.000003-07:00')).toBe(true)
    expect(isRfc5424Timestamp('2003-08-24T05:14:15.000000003-07:00')).toBe(false) // §6.2.3.1 example 5
    expect(isRfc5424Timestamp('2003-08-24 05:14:15Z')).toBe(false)
  })

  it('severity mapping', () => {
    expect(['critical', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'].map(severityOf)).toEqual([2, 2, 3, 4, 4, 6, 7, 7])
    expect([60, 55, 50, 40, 30, 20, 10, 0].map(severityOf)).toEqual([2, 3, 3, 4, 6, 7, 7, 7])
  })

  it('UTF-8 truncation never splits a character', () => {
    expect(truncateUtf8('aé😀', 3)).toBe('aé')
    expect(truncateUtf8('aé😀', 6)).toBe('aé')
    expect(truncateUtf8('aé😀', 7)).toBe('aé😀')
  })

  it('bounded messages shorten MSG only', () => {
    const m = {
      facility: 1,
      severity: 2,
      timestamp: '2024-01-01T00:00:00.000Z',
      hostname: 'h',
      appName: 'a',
      procid: '1',
      msgid: 'm',
      structuredData: [{ id: 'x@1', params: [['k', 'v']] as Array<[string, string]> }],
      msg: 'é'.repeat(1000),
    }
    const out = formatRfc5424Bounded(m, 480)
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(480)
    expect(out.startsWith(`<10>1 2024-01-01T00:00:00.000Z h a 1 m [x@1 k="v"] ${BOM}éé`)).toBe(true)
  })

  it('RFC 6587 octet counting counts bytes, not characters', () => {
    const msg = '<14>1 - - - - - - é'
    expect(msg.length).toBe(19)
    expect(octetCountingFrame(msg).toString('utf8')).toBe('20 <14>1 - - - - - - é')
  })
})

describe('record mapping', () => {
  const record = {
    timestamp: '2024-05-01T10:00:00.123Z',
    level: 'critical',
    category: 'enforcement',
    message: 'lockout "now"] \n',
    event: 'lockout',
    event_id: 'abc-1',
    account_id: 'ACC"7]',
    rule: { max: 3 },
    note: null,
  }

  it('structured data: category, event_id, account_id, then extra fields; absent ones omitted', () => {
    expect(recordParams(record, 'x', ['rule', 'note', 'missing'])).toEqual([
      ['category', 'enforcement'],
      ['event_id', 'abc-1'],
      ['account_id', 'ACC"7]'],
      ['rule', '{"max":3}'],
    ])
  })

  it('a whole record in RFC 5424', () => {
    const m = toSyslogMessage(record, 'enforcement', {
      facility: 'local3',
      appName: 'risk mgr',
      hostname: 'host-1',
      procid: '42',
      sdId: 'logwarden@32473',
      sdFields: [],
    })
    expect(formatRfc5424(m)).toBe(
      `<154>1 2024-05-01T10:00:00.123Z host-1 risk_mgr 42 lockout [logwarden@32473 category="enforcement" event_id="abc-1" account_id="ACC\\"7\\]"] ${BOM}lockout "now"] \n`,
    )
  })

  it('no event → NILVALUE MSGID; an unparseable timestamp is replaced by now', () => {
    const m = toSyslogMessage({ level: 'info', message: 'x', timestamp: 'yesterday' }, 'system', {
      facility: 'user',
      appName: 'a',
      hostname: 'h',
      procid: '1',
      sdId: 'logwarden@32473',
      sdFields: [],
    })
    expect(m.msgid).toBe('-')
    expect(isRfc5424Timestamp(m.timestamp)).toBe(true)
    expect(m.structuredData[0].params).toEqual([['category', 'system']])
  })

  it('Windows entry: type by level, message then key fields', () => {
    expect(toWindowsEntry(record, 'enforcement', 1000, ['rule'])).toEqual({
      type: 'Error',
      eventId: 1000,
      message:
        'lockout "now"] \n\r\n\r\ncategory: enforcement\r\nevent: lockout\r\nevent_id: abc-1\r\naccount_id: ACC"7]\r\ntimestamp: 2024-05-01T10:00:00.123Z\r\nrule: {"max":3}',
    })
    const huge = toWindowsEntry({ level: 'error', message: 'x'.repeat(40_000), a: 'y'.repeat(5000), b: 'z'.repeat(5000) }, 'system', 1, ['a', 'b'])
    expect(huge.message.length).toBeLessThanOrEqual(31_839) // the event log's limit for one string
    expect(huge.message).toContain('\r\n\r\ncategory: system')
    expect(toWindowsEntry({ level: 'warn', message: 'w' }, 'system', 7, []).type).toBe('Warning')
    expect(toWindowsEntry({ level: 'info', message: 'i' }, 'system', 7, []).type).toBe('Information')
  })
})
