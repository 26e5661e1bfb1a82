// Hand-made Roostoo requests, for tests that must send what the client never would (both order_id and pair, an
// extra parameter, a timestamp in seconds, a float-noise quantity).
import { signMessage, totalParams } from '../../src/exchange/signing.js';

export interface RawOptions {
  readonly apiKey: string;
  readonly secret: string;
  /** Signed over these instead of the parameters sent (to forge a mismatch). */
  readonly signOver?: Record<string, string>;
}

export async function rawSigned(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string>,
  opts: RawOptions,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = totalParams(params);
  const headers: Record<string, string> = {
    'RST-API-KEY': opts.apiKey,
    'MSG-SIGNATURE': signMessage(
      opts.secret,
      opts.signOver === undefined ? text : totalParams(opts.signOver),
    ),
  };
  if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(method === 'GET' ? `${baseUrl}${path}?${text}` : `${baseUrl}${path}`, {
    method,
    headers,
    ...(method === 'POST' ? { body: text } : {}),
  });
  const raw = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    body = { text: raw };
  }
  return { status: res.status, body };
}
