// Leaf schemas of the config. Each carries a human description of what it allows ("a number > 0 and ≤ 1"):
// the loader walks the schema along an issue's path and quotes it, so every error names the allowed range
// without a hand-written message per key.
import { z } from 'zod';

export interface Range {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
}

function rangeText(r: Range): string {
  const parts: string[] = [];
  if (r.gt !== undefined) parts.push(`> ${r.gt}`);
  if (r.gte !== undefined) parts.push(`≥ ${r.gte}`);
  if (r.lt !== undefined) parts.push(`< ${r.lt}`);
  if (r.lte !== undefined) parts.push(`≤ ${r.lte}`);
  return parts.join(' and ');
}

function withRange(s: z.ZodNumber, r: Range): z.ZodNumber {
  let out = s;
  if (r.gt !== undefined) out = out.gt(r.gt);
  if (r.gte !== undefined) out = out.gte(r.gte);
  if (r.lt !== undefined) out = out.lt(r.lt);
  if (r.lte !== undefined) out = out.lte(r.lte);
  return out;
}

/** A finite number within a range. */
export function num(r: Range): z.ZodNumber {
  const text = rangeText(r);
  return withRange(z.number(), r).describe(text === '' ? 'a number' : `a number ${text}`);
}

/**
 * A whole number within a range (YAML `8`, not `8.5`). multipleOf(1) rather than z.int(): a failed z.int()
 * aborts its section, which would hide that section's cross-field problems until this one is fixed.
 */
export function int(r: Range): z.ZodNumber {
  const text = rangeText(r);
  return withRange(z.number().multipleOf(1), r).describe(text === '' ? 'an integer' : `an integer ${text}`);
}

/** A share of equity or a probability-like weight: (0, 1]. */
export const fraction = (): z.ZodNumber => num({ gt: 0, lte: 1 });

/** A share that may be zero but never all: [0, 1). Cash buffers, fees. */
export const fractionBelowOne = (): z.ZodNumber => num({ gte: 0, lt: 1 });

/** A share that may be zero or one: [0, 1]. Blend weights, exposures. */
export const unitInterval = (): z.ZodNumber => num({ gte: 0, lte: 1 });

/** Basis points of price (1 bp = 0.01 %). */
export const bps = (): z.ZodNumber => num({ gte: 0, lte: 1000 });

export const bool = (): z.ZodBoolean => z.boolean().describe('true or false');

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const list = values.map((v) => `"${v}"`);
  const text = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
  return z.enum(values).describe(`one of ${text}`);
}

/** Exchange coin symbols: BTC, 1000CHEEMS. The quote (USD on Roostoo, USDT on Binance) is never written. */
export const COIN_RE = /^[A-Z0-9]+$/;
export const coin = () =>
  z.string().regex(COIN_RE).describe('an upper-case coin symbol of letters and digits, such as BTC');

/** Candle intervals as Binance writes them (same rule as core/time's isInterval). */
export const interval = () =>
  z
    .string()
    .regex(/^[1-9][0-9]*[mhdw]$/)
    .describe('an interval such as 5m, 1h, 4h or 1d');

export const httpUrl = () =>
  z
    .url({ protocol: /^https?$/ })
    .describe('an http:// or https:// URL, such as https://mock-api.roostoo.com');

/** A path as written; the loader makes it absolute against the working directory. */
export const path = () => z.string().min(1).describe('a file or directory path');

/** A bare file name inside a configured directory (no directory part). */
export const fileName = () =>
  z
    .string()
    .regex(/^(?!\.\.?$)[^/\\]+$/)
    .describe('a file name without a directory, such as lgbm_6h.txt');
