/** Field schemas the trading events share (JSON schema, `as const` so they type the fields). */
export const str = { type: 'string', minLength: 1 } as const
export const num = { type: 'number' } as const
export const nonNegative = { type: 'number', minimum: 0 } as const
export const positive = { type: 'number', exclusiveMinimum: 0 } as const
export const side = { enum: ['buy', 'sell', 'long', 'short'] } as const
/** an ISO 8601 time the caller took (the exchange's, say); the record's own `timestamp` is logwarden's */
export const time = { type: 'string', minLength: 1 } as const

/** The seed's enforcement record: the rule's violation, the position, what was done, the outcome, the account after. */
export const violation = {
  type: 'object',
  properties: { current_value: num, limit: num, threshold_exceeded_by: num },
  required: ['current_value', 'limit'],
} as const

export const position = {
  type: 'object',
  properties: {
    symbol: str,
    side,
    quantity: num,
    entry_price: num,
    exit_price: num,
    current_price: num,
    unrealized_pnl: num,
  },
  required: ['symbol'],
} as const

export const action = {
  type: 'object',
  properties: { type: str, positions_closed: { type: 'integer', minimum: 0 }, contracts_closed: nonNegative },
  required: ['type'],
} as const

export const result = {
  type: 'object',
  properties: { status: { enum: ['success', 'failure'] }, order_id: str, fill_price: num, realized_pnl: num, error: { type: 'string' } },
  required: ['status'],
} as const

export const stateAfter = {
  type: 'object',
  properties: { realized_pnl_today: num, open_positions: { type: 'integer', minimum: 0 }, lockout: { type: 'boolean' }, lockout_until: time },
} as const
