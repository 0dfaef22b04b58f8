/**
 * The base of the fake Discord and Telegram APIs used by the notifier tests: the public test
 * kit's loopback stand-in (logwarden/testing), with the API's normal reply as a method.
 */
import { LoopbackServer, type RecordedRequest, type Reply } from '../../../lib/test-kit/index.js'

export type { RecordedRequest, Reply, Responder } from '../../../lib/test-kit/index.js'

export abstract class FakeApi extends LoopbackServer {
  constructor() {
    super((req) => this.answer(req))
  }

  /** answers a request the API's normal way (validation, success) */
  protected abstract answer(req: RecordedRequest): Reply
}
