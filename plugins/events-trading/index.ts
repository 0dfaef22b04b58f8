/**
 * events-trading: the trading event pack. Declares the categories `execution` and `risk` (with
 * `audit` and `enforcement`, which exist) and the trading events, typed for `typedEvents(log,
 * tradingEvents)`. List it under `plugins` (`- events-trading`) and call `log.event(name, fields)`.
 */
import { defineEvents } from '../../core/events/define.js'
import { auditEvents } from './audit.js'
import { enforcementEvents } from './enforcement.js'
import { executionEvents } from './execution.js'
import { riskEvents } from './risk.js'

export const PLUGIN_NAME = 'events-trading'

export const tradingCatalog = { ...executionEvents, ...riskEvents, ...auditEvents, ...enforcementEvents } as const

export const tradingEvents = defineEvents(tradingCatalog, { name: PLUGIN_NAME, categories: ['execution', 'risk'] })

export default tradingEvents
