/** The control API's contract, shared by the daemon side (plugins control, auth-hmac) and the CLI. */
export type { ChannelStatus, Check, HealthCheckResult, LogDirStatus, NotifierStatus, SinkStatus, StatusBody, StatusExtras } from './status-body.js'
export { computeHmac } from './hmac.js'
export { errorBody, type ErrorBody } from './error-body.js'
export { registerEndpoint, endpointFor, registerStatusExtras, statusExtras, type ControlEndpoint } from './extensions.js'
export {
  ALERT_OUTCOMES,
  HISTORY_FILE,
  HISTORY_OLD_FILE,
  parseHistory,
  selectHistory,
  type AlertHistoryEntry,
  type AlertHistoryQuery,
  type AlertOutcome,
  type AlertPreviewChannel,
} from './alerts-body.js'
