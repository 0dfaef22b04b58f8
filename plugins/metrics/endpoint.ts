/**
 * GET /metrics: every family collected now, in the format the scraper asked for (text 0.0.4, or
 * OpenMetrics by Accept), or `?format=json` for `logwarden metrics`. Rendering is synchronous
 * string work: a few ms for thousands of series, so a scrape never holds the event loop long.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MetricsRegistry } from '../../core/metrics/index.js'
import { CONTENT_TYPE, mergeFamilies, negotiate, render } from './exposition.js'

export async function serveMetrics(metrics: MetricsRegistry, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const problems: string[] = []
  const families = mergeFamilies(await metrics.collect(problems), problems)
  if (url.searchParams.get('format') === 'json') {
    const body = JSON.stringify({ families, ...(problems.length > 0 ? { problems } : {}) })
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' })
    res.end(req.method === 'HEAD' ? undefined : body)
    return
  }
  const format = negotiate(req.headers.accept)
  const text = render(families, format)
  res.writeHead(200, { 'content-type': CONTENT_TYPE[format], 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(req.method === 'HEAD' ? undefined : text)
}
