/** Orders: submitted, filled, cancelled — in `execution`. */
import { nonNegative, positive, side, str, time, num } from './fields.js'

export const executionEvents = {
  order_submitted: {
    category: 'execution',
    title: 'Order Submitted',
    message: 'Order {order_id} submitted: {side} {quantity} {symbol}',
    description: 'An order was sent to the broker.',
    fields: {
      order_id: str,
      symbol: str,
      side,
      quantity: positive,
      order_type: { enum: ['market', 'limit', 'stop', 'stop_limit'] },
      price: num,
      stop_price: num,
      strategy: str,
      submitted_at: time,
    },
    required: ['order_id', 'symbol', 'side', 'quantity'],
  },
  order_filled: {
    category: 'execution',
    title: 'Order Filled',
    message: 'Order {order_id} filled: {quantity} {symbol} at {fill_price}',
    description: 'An order was filled, in full or in part (`remaining_quantity` > 0).',
    fields: {
      order_id: str,
      symbol: str,
      side,
      quantity: positive,
      fill_price: num,
      fees: nonNegative,
      fee_currency: str,
      remaining_quantity: nonNegative,
      filled_at: time,
    },
    required: ['order_id', 'symbol', 'quantity', 'fill_price'],
  },
  order_cancelled: {
    category: 'execution',
    title: 'Order Cancelled',
    message: 'Order {order_id} cancelled: {reason}',
    description: 'An order was cancelled, by the trader, the strategy, the risk manager or the broker.',
    fields: {
      order_id: str,
      symbol: str,
      reason: str,
      remaining_quantity: nonNegative,
      cancelled_by: str,
      cancelled_at: time,
    },
    required: ['order_id', 'reason'],
  },
} as const
