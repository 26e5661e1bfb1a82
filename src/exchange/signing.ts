// Roostoo request signing, shared by the client (which signs) and the local exchange (which checks). The signed
// message is every parameter actually sent, sorted by key, joined as key=value with &, values raw (not
// URL-encoded: `pair=BTC/USD` keeps its slash). Absent optional parameters are dropped before signing, because
// the server rebuilds the message from the parameters it receives and documents, and nothing else.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Params = Readonly<Record<string, string | undefined>>;

/** Parameters without the absent ones, sorted by key. */
export function presentParams(params: Params): Array<[string, string]> {
  return Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The message that is signed, and also the query string (GET) or form body (POST) that is sent. */
export function totalParams(params: Params): string {
  return presentParams(params)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Lowercase hex HMAC-SHA256 of `message` keyed by the secret. */
export function signMessage(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

/** Constant-time comparison, so the local exchange does not leak how much of a forged signature was right. */
export function signatureMatches(secret: string, message: string, signature: string): boolean {
  const want = Buffer.from(signMessage(secret, message), 'utf8');
  const got = Buffer.from(signature, 'utf8');
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Splits a raw query string or form body into parameters, keeping values raw (`BTC/USD`, never decoded twice).
 * Percent-encoded input (`BTC%2FUSD`, what a browser form would send) is decoded once, as the real server does.
 */
export function parseParams(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  if (raw === '') return out;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    out.set(safeDecode(key), safeDecode(value));
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
