/** The webhook transport: render per preset, send with the configured method and headers. */
import { classifyReply, sendHttp, type Notification, type Outgoing, type SendResult, type Transport } from '../notify-common/index.js'
import { renderJson, renderSlack, renderTeams } from './render.js'
import type { WebhookOptions } from './schema.js'

export interface WebhookTarget {
  /** contains the webhook's token: a secret */
  url: string
}

export class WebhookTransport implements Transport<WebhookTarget> {
  readonly kind = 'notify-webhook'
  readonly accountKey = 'webhook'
  readonly hasPlainForm: boolean

  constructor(private readonly options: WebhookOptions) {
    this.hasPlainForm = options.preset !== 'json'
  }

  render(n: Notification, _target: WebhookTarget, plain: boolean): Outgoing[] {
    if (this.options.preset === 'slack') return [renderSlack(n, plain)]
    if (this.options.preset === 'teams') return [renderTeams(n, plain)]
    return [renderJson(n, this.options.body)]
  }

  async send(part: Outgoing, target: WebhookTarget, signal: AbortSignal): Promise<SendResult> {
    const reply = await sendHttp(target.url, part.body, {
      method: this.options.method,
      headers: this.options.headers,
      timeoutMs: this.options.timeoutMs,
      signal,
    })
    return classifyReply(reply)
  }
}
