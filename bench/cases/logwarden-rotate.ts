/** The rotation issue: logwarden rotating at 10MB with gzip, against itself and pino-roll at 10MB. */
import { defineCase } from '../case.js'
import { baseLogwardenPlugins, logwardenSubject } from '../subjects/logwarden.js'

export default defineCase({
  name: 'logwarden-rotate',
  order: 10,
  description: "logwarden + rotate { maxSize: '10MB', compress: 'gzip', maxFiles: 1000 }",
  requires: ['redact', 'sink-file', 'rotate'],
  optional: true,
  targets: [
    { metric: 'records_per_s', op: '>=', of: 'logwarden', factor: 0.9 },
    { metric: 'records_per_s', op: '>=', of: 'pino-roll-10mb' },
  ],
  // maxFiles: retention would delete the oldest rotated files (default 10) and their lines could not
  // be counted; pino-roll without `limit` keeps every file too
  setup: ({ dir }) => logwardenSubject([...baseLogwardenPlugins(dir), { rotate: { maxSize: '10MB', compress: 'gzip', maxFiles: 1000 } }]),
})
