/**
 * The seam through which another plugin serves on the control API (metrics serves GET /metrics)
 * and adds to /status and /health?detail=1 (its scheduled health checks, records per level).
 * Registered per pipeline in the plugin's apply, looked up per request: the plugins may be listed
 * in any order, and a reload without the plugin drops its endpoint. Here rather than in the
 * control plugin so that a plugin registering an endpoint does not load the HTTP server with it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Pipeline } from '../../core/pipeline.js'
import type { StatusExtras } from './status-body.js'

export interface ControlEndpoint {
  method: 'GET' | 'POST'
  /** 'public': no token needed; a role: a token with it; 'auto': public on a loopback server, else read */
  access: 'public' | 'auto' | 'read' | 'admin'
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>
}

interface Extension {
  endpoints: Map<string, ControlEndpoint>
  status: Array<() => StatusExtras | Promise<StatusExtras>>
}

const extensions = new WeakMap<Pipeline, Extension>()

function of(pipeline: Pipeline): Extension {
  let e = extensions.get(pipeline)
  if (!e) extensions.set(pipeline, (e = { endpoints: new Map(), status: [] }))
  return e
}

export function registerEndpoint(pipeline: Pipeline, path: string, endpoint: ControlEndpoint): void {
  of(pipeline).endpoints.set(path, endpoint)
}

export function endpointFor(pipeline: Pipeline, path: string): ControlEndpoint | undefined {
  return extensions.get(pipeline)?.endpoints.get(path)
}

/** Adds fields to the /status body (and the checks to /health?detail=1). */
export function registerStatusExtras(pipeline: Pipeline, provider: () => StatusExtras | Promise<StatusExtras>): void {
  of(pipeline).status.push(provider)
}

export async function statusExtras(pipeline: Pipeline): Promise<StatusExtras> {
  const out: StatusExtras = {}
  for (const p of extensions.get(pipeline)?.status ?? []) {
    const extra = await p()
    if (extra.records) out.records = extra.records
    if (extra.health) out.health = [...(out.health ?? []), ...extra.health]
  }
  return out
}
