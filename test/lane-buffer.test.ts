import { describe, expect, it } from 'vitest'
import { LaneBuffer, groupsToLines, toBatchGroups, type Pending } from '../core/lanes/lane-buffer.js'

const limits = { maxRecords: 3, maxBytes: 256 * 1024, queueMax: 5, overflow: 'drop-oldest' as const }

function batches(buf: LaneBuffer): Extract<Pending, { kind: 'batch' }>[] {
  return buf.sealed.filter((p): p is Extract<Pending, { kind: 'batch' }> => p.kind === 'batch')
}

describe('LaneBuffer', () => {
  it('groups lines by category (error copies apart) and seals at maxRecords', () => {
    const buf = new LaneBuffer(limits)
    expect(buf.append('system', false, 'a')).toBe(false)
    expect(buf.append('audit', false, 'b')).toBe(false)
    expect(buf.append('system', true, 'é')).toBe(true)
    buf.seal()
    const [batch] = batches(buf)
    const wire = toBatchGroups(batch!.groups)
    expect(wire.map((g) => [g.category, g.errorCopy, new TextDecoder().decode(g.data), g.count])).toEqual([
      ['system', false, 'a\n', 1],
      ['audit', false, 'b\n', 1],
      ['system', true, 'é\n', 1],
    ])
    expect(wire[0]!.data.buffer).toBeInstanceOf(SharedArrayBuffer)
  })

  it('reuses the shared memory of acknowledged groups instead of allocating more', () => {
    const buf = new LaneBuffer(limits)
    buf.append('system', false, 'first')
    buf.seal()
    const first = batches(buf)[0]!
    const memory = first.groups[0]!.buf.buffer
    buf.sealed.shift()
    buf.recycle(first.groups)
    buf.append('system', false, 'second')
    buf.seal()
    const second = batches(buf)[0]!
    expect(second.groups[0]!.buf.buffer).toBe(memory)
    expect(groupsToLines(second.groups)).toEqual(['second'])
  })

  it('a line longer than a group gets a buffer of its own, never recycled', () => {
    const buf = new LaneBuffer({ ...limits, maxBytes: 1024 })
    const long = 'x'.repeat(200 * 1024)
    buf.append('system', false, long)
    buf.seal()
    const [batch] = batches(buf)
    expect(groupsToLines(batch!.groups)).toEqual([long])
    buf.sealed.shift()
    buf.recycle(batch!.groups)
    buf.append('system', false, 'short')
    expect(buf.sealed).toEqual([])
    buf.seal()
    expect(batches(buf)[0]!.groups[0]!.buf.buffer).not.toBe(batch!.groups[0]!.buf.buffer)
  })

  it('drop-oldest takes the oldest record not yet posted; drop-newest refuses the new one', () => {
    const oldest = new LaneBuffer({ ...limits, queueMax: 2 })
    oldest.append('system', false, 'one')
    oldest.append('system', false, 'two')
    expect(oldest.full).toBe(true)
    expect(oldest.makeRoom(() => false)).toBe(true)
    oldest.append('system', false, 'three')
    oldest.seal()
    expect(groupsToLines(batches(oldest)[0]!.groups)).toEqual(['two', 'three'])
    expect(oldest.dropped).toBe(1)

    const newest = new LaneBuffer({ ...limits, queueMax: 1, overflow: 'drop-newest' })
    newest.append('system', false, 'kept')
    expect(newest.makeRoom(() => true)).toBe(false)
    expect(newest.dropped).toBe(1)
  })

  it('block asks the delivery side, and counts a drop when it could not make room', () => {
    const buf = new LaneBuffer({ ...limits, queueMax: 1, overflow: 'block' })
    buf.append('system', false, 'a')
    expect(buf.makeRoom(() => true)).toBe(true)
    expect(buf.dropped).toBe(0)
    expect(buf.makeRoom(() => false)).toBe(false)
    expect(buf.dropped).toBe(1)
  })

  it('control messages take the next sequence number after the batch they seal', () => {
    const buf = new LaneBuffer(limits)
    buf.append('system', false, 'a')
    const seq = buf.control({ kind: 'flush' })
    expect(buf.sealed.map((p) => [p.seq, p.kind])).toEqual([
      [1, 'batch'],
      [2, 'flush'],
    ])
    expect(seq).toBe(2)
  })
})
