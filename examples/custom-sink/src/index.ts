/** sink-socket: streams every record, as a JSON line, to a Unix domain socket (a local collector). */
import { definePlugin, type JsonSchema } from 'logwarden'

export interface Options {
  path: string
  categories: string[] | '*'
  connectTimeoutMs: number
}

export const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    // lwPath: './collector.sock' in a config means beside the config file
    path: { type: 'string', lwPath: 'file', description: 'the Unix socket the collector listens on' },
    categories: {
      anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string' } }],
      default: '*',
      description: 'categories to send, or "*" for all',
    },
    connectTimeoutMs: { type: 'integer', minimum: 1, default: 2000, description: 'how long one connection attempt may take' },
  },
}

export default definePlugin<Options>({
  name: 'sink-socket',
  schema,
  logwarden: '>=0.1 <1',
  apply(pipeline, options) {
    pipeline.addSink({
      name: 'sink-socket',
      kind: 'sink-socket',
      module: new URL('./worker.js', import.meta.url).href,
      options: { path: options.path, connectTimeoutMs: options.connectTimeoutMs },
      categories: options.categories,
    })
  },
})
