// ErrMsg texts. The first four were observed on the live API (see ../shared/roostoo/API.md and samples); the
// local exchange answers with the same texts. The rest were never recorded publicly: the local exchange uses
// these, and the client treats any text it does not know as a final failure, so nothing depends on them.

/** pending_count with nothing pending: an empty result, not an error. */
export const NO_PENDING_ORDER = 'no pending order under this account';
/** query_order that found nothing: an empty result. */
export const NO_ORDER_MATCHED = 'no order matched';
/** cancel_order that canceled nothing (the order had already filled): an empty result. */
export const NO_ORDER_CANCELED = 'no order canceled';
/** place_order whose value is not above MiniOrder (observed); the local exchange also uses it for off-grid amounts. */
export const QUANTITY_ERROR = 'quantity error';

export const BENIGN_EMPTY: ReadonlySet<string> = new Set([
  NO_PENDING_ORDER,
  NO_ORDER_MATCHED,
  NO_ORDER_CANCELED,
]);

// Local choices (texts unknown on the live API).
export const PRICE_ERROR = 'price error';
export const INSUFFICIENT_BALANCE = 'insufficient balance';
export const UNKNOWN_PAIR = 'pair not found';
export const BAD_PARAMETER = 'parameter error';
export const BAD_API_KEY = 'api key not found';
export const BAD_SIGNATURE = 'signature verification failed';
export const STALE_TIMESTAMP = 'timestamp out of window';
export const BOTH_ID_AND_PAIR = 'order_id and pair cannot be used together';
