/** The config's `events` key: event name → declaration (see types.ts EventDef, docs/events.md). */
const NAME = '^[a-z][a-z0-9_.-]*$'

const level = {
  anyOf: [
    { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'fatal'] },
    { type: 'integer', minimum: 0 },
  ],
}

const levelRule = {
  type: 'object',
  additionalProperties: false,
  required: ['when'],
  properties: {
    default: level,
    when: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match', 'level'],
        properties: { match: { type: 'object', minProperties: 1 }, level },
      },
    },
  },
}

export const eventDefSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['category'],
  properties: {
    category: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' },
    level: { anyOf: [...level.anyOf, levelRule], errorMessage: 'a level (info, critical…) or { default, when: [{ match: { field: value }, level }] }' },
    message: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    fields: { type: 'object', additionalProperties: { type: 'object' } },
    required: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    additionalFields: { type: 'boolean' },
  },
}

export const eventsSchema = {
  type: 'object',
  propertyNames: { pattern: NAME, errorMessage: 'event names start with a lower-case letter, then lower-case letters, digits, _ . or -' },
  additionalProperties: eventDefSchema,
}
