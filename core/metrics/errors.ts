/** The metrics API's errors: a bad name, or a name registered twice with another shape. */
import { defineErrors } from '../errors.js'

export const MetricErrors = defineErrors({
  NAME: {
    code: 'LW_ERR_METRIC_NAME',
    kind: 'usage',
    message: (what: string, name: string) =>
      `metrics: invalid ${what} "${name}": use letters, digits and underscores, not starting with a digit (and a label name not starting with "__")`,
  },
  CONFLICT: {
    code: 'LW_ERR_METRIC_CONFLICT',
    kind: 'conflict',
    message: (name: string, had: string, asked: string) =>
      `metrics: "${name}" is already registered as ${had}; it cannot also be ${asked}. Use another name, or the same type and labelNames.`,
  },
})
