// A stand-in for Roostoo's public endpoints on 127.0.0.1 (port 0): serverTime with an optional clock skew and
// exchangeInfo from the real fixture, or any handler a test needs.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const EXCHANGE_INFO_FIXTURE: unknown = JSON.parse(
  readFileSync(new URL('../fixtures/roostoo/exchangeInfo.json', import.meta.url), 'utf8'),
);

export interface FakeRoostoo {
  readonly url: string;
  readonly paths: string[];
  close(): Promise<void>;
}

export interface FakeRoostooOptions {
  /** Added to the server's clock (ms). */
  readonly skewMs?: number;
  readonly exchangeInfo?: unknown;
  /** Answers a request itself when it returns true. */
  readonly handler?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export async function startFakeRoostoo(opts: FakeRoostooOptions = {}): Promise<FakeRoostoo> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    if (opts.handler?.(req, res) === true) return;
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v3/serverTime') json({ ServerTime: Date.now() + (opts.skewMs ?? 0) });
    else if (req.url === '/v3/exchangeInfo') json(opts.exchangeInfo ?? EXCHANGE_INFO_FIXTURE);
    else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL where nothing listens: a port that was just free. */
export async function closedPortUrl(): Promise<string> {
  const fake = await startFakeRoostoo();
  await fake.close();
  return fake.url;
}
