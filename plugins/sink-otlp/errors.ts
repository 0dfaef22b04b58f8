/** sink-otlp's error codes, contributed to the registry in core/errors.ts. */
import { defineErrors } from '../../core/errors.js'

export const OtlpErrors = defineErrors({
  BUFFER: {
    code: 'LW_ERR_OTLP_BUFFER',
    kind: 'config',
    message: (dir: string, reason: string) =>
      `sink-otlp cannot use its buffer directory ${dir}: ${reason}. Set buffer.dir to a writable directory that no other process uses, or buffer.enabled false to keep undelivered records in memory only.`,
  },
  ENDPOINT: {
    code: 'LW_ERR_OTLP_ENDPOINT',
    kind: 'config',
    message: (endpoint: string) =>
      `sink-otlp endpoint "${endpoint}" is not an http(s) URL. Give the collector's OTLP/HTTP base URL, e.g. http://otel-collector:4318 (the sink posts to <endpoint>/v1/logs).`,
  },
})
