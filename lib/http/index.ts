/**
 * logwarden/http: logging for web servers. `httpLogger(log)` is an Express / node:http middleware
 * writing one record per request and binding the request id as the correlation id;
 * `stdSerializers` are pino's names for request, response and error serializers. Fastify needs
 * nothing from here: `Fastify({ loggerInstance: log })`.
 */
export { httpLogger, type HttpLoggerOptions, type LoggedRequest } from './middleware.js'
export { requestId } from './request-id.js'
export { stdSerializers, type SerializedRequest, type SerializedResponse, type SerializedError } from '../../core/index.js'
