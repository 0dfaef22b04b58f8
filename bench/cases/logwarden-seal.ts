/** The audit-seal issue: logwarden with every benchmark record sealed, against logwarden unsealed. */
import { join } from 'node:path'
import { defineCase } from '../case.js'
import { baseLogwardenPlugins, logwardenSubject } from '../subjects/logwarden.js'
import { KEY_FILE, SEAL_DIR, firstSigningKey, newSeed, writeSigningKey } from '../../lib/seal/index.js'

export default defineCase({
  name: 'logwarden-seal',
  order: 11,
  description: "logwarden + audit-seal { categories: ['system'] } (the benchmark's category; seal every 60s, at close)",
  requires: ['redact', 'sink-file', 'audit-seal'],
  optional: true,
  targets: [{ metric: 'records_per_s', op: '>=', of: 'logwarden', factor: 0.9 }],
  setup: ({ dir }) => {
    // what `logwarden seal init --dir <dir>` does; the verification key is not needed here
    writeSigningKey(join(dir, SEAL_DIR, KEY_FILE), firstSigningKey(newSeed(Date.now(), 15 * 60_000)))
    return logwardenSubject([...baseLogwardenPlugins(dir), { 'audit-seal': { categories: ['system'] } }])
  },
})
