// Exchange failures, typed by what the caller may do about them. Retryable: the request may not have reached the
// exchange or its answer was lost (network, timeout, 5xx, 429) — a read may simply be sent again, an order may
// not (see roostoo/lost-order.ts). Final: the exchange understood and said no (auth failure, bad parameters) or
// answered something we cannot read; sending the same request again gives the same answer.
import { RuntimeFailure } from '../core/errors.js';

export type RequestFailureKind = 'network' | 'timeout' | 'http' | 'response';

/** A request that failed: unreachable, too slow, an HTTP error status, or an answer of the wrong shape. */
export class ExchangeRequestError extends RuntimeFailure {
  readonly kind: RequestFailureKind;
  readonly status: number | undefined;
  /** System error code of a network failure (ECONNREFUSED, ECONNRESET), when there is one. */
  readonly code: string | undefined;
  constructor(
    message: string,
    opts: { kind: RequestFailureKind; retryable: boolean; status?: number; code?: string; cause?: unknown },
  ) {
    super(message, { retryable: opts.retryable, cause: opts.cause });
    this.kind = opts.kind;
    this.status = opts.status;
    this.code = opts.code;
  }

  /**
   * True when the request certainly never reached the exchange's logic: the connection was refused, or the
   * server answered 429 (rate limited before handling). Only then is a lost order POST known not to exist.
   */
  get neverHandled(): boolean {
    return (this.kind === 'network' && this.code === 'ECONNREFUSED') || this.status === 429;
  }
}

/** The exchange answered `Success: false` with a message that is not one of the benign empty answers. */
export class ExchangeApiError extends RuntimeFailure {
  readonly endpoint: string;
  readonly errMsg: string;
  constructor(endpoint: string, errMsg: string) {
    super(`${endpoint}: ${errMsg === '' ? 'failed without a message' : errMsg}`, { retryable: false });
    this.endpoint = endpoint;
    this.errMsg = errMsg;
  }
}
