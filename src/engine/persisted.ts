// What the engine must remember across a restart, as plain JSON: the position book (stops, open round trips,
// tracked quantities), drawdown and cool-down state, resting orders and the last decision handled. Features and the
// regime are not here: they are rebuilt from stored bars at start-up (warm-up), exactly as a backtest builds them.
// The exchange stays the authority on balances and orders; start-up reconciles this state against it.
import { z } from 'zod';
import type { OrderType, Side } from '../domain/order.js';
import type { IntentReason } from '../execution/intents.js';
import type { Cooldowns } from '../risk/cooldown.js';
import type { DrawdownState } from '../risk/drawdown.js';
import type { PositionStop } from '../risk/stops.js';

export const PERSISTED_ENGINE_VERSION = 1;

export interface PersistedTrade {
  readonly entryTime: number;
  readonly cost: number;
  readonly proceeds: number;
  readonly entryValue: number;
}

export interface PersistedPosition {
  readonly coin: string;
  /** Quantity the book tracks (the wallet replaces it at reconciliation). */
  readonly quantity: number;
  readonly stop: PositionStop | undefined;
  readonly trade: PersistedTrade | undefined;
}

/** An order resting on the exchange that the engine manages (timeouts, repricing). */
export interface PersistedResting {
  readonly id: number;
  readonly coin: string;
  readonly pair: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly reason: IntentReason;
  readonly quantity: number;
  readonly price: number;
  readonly placedAt: number;
  readonly reprices: number;
  readonly target: number;
}

export interface PersistedEngine {
  readonly version: typeof PERSISTED_ENGINE_VERSION;
  /** Clock time of the checkpoint. */
  readonly time: number;
  /** Close time of the last decision bar the engine acted on; undefined before the first. */
  readonly lastDecision: number | undefined;
  readonly equity: number;
  readonly drawdown: DrawdownState;
  readonly cooldowns: Cooldowns;
  readonly positions: readonly PersistedPosition[];
  readonly resting: readonly PersistedResting[];
  /** Intents numbered so far: the next one is intentSeq + 1. */
  readonly intentSeq: number;
}

// JSON has no NaN or ±Infinity (a stop without an ATR is NaN, the first peak is NaN): they travel as strings.
const NON_FINITE: Readonly<Record<string, number>> = { NaN, Infinity, '-Infinity': -Infinity };

export function encodePersisted(state: PersistedEngine): string {
  return JSON.stringify(state, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

/** Parses what encodePersisted wrote; throws a RangeError naming the first problem on anything else. */
export function decodePersisted(text: string): PersistedEngine {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (_k, v: unknown) =>
      typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v,
    );
  } catch (err) {
    throw new RangeError(`engine state is not JSON (${(err as Error).message})`, { cause: err });
  }
  const r = persistedSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new RangeError(`engine state is malformed at ${i?.path.join('.') ?? '?'}: ${i?.message ?? ''}`);
  }
  return r.data as PersistedEngine;
}

// z.number() refuses NaN and ±Infinity, which a stop without an ATR and the first peak legitimately hold.
const num = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const stopSchema = z.object({
  entryPrice: num,
  quantity: num,
  atr: num,
  equity: num,
  highest: num,
  armed: z.boolean(),
  stop: num,
  lossLimit: num,
});
const persistedSchema = z.object({
  version: z.literal(PERSISTED_ENGINE_VERSION),
  time: num,
  lastDecision: num.optional(),
  equity: num,
  drawdown: z.object({
    peak: num,
    level: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    drawdown: num,
  }),
  cooldowns: z.record(z.string(), num),
  positions: z.array(
    z.object({
      coin: z.string(),
      quantity: num,
      stop: stopSchema.optional(),
      trade: z.object({ entryTime: num, cost: num, proceeds: num, entryValue: num }).optional(),
    }),
  ),
  resting: z.array(
    z.object({
      id: z.number().int(),
      coin: z.string(),
      pair: z.string(),
      side: z.enum(['BUY', 'SELL']),
      type: z.enum(['MARKET', 'LIMIT']),
      reason: z.enum(['rebalance', 'exit', 'stop']),
      quantity: num,
      price: num,
      placedAt: num,
      reprices: z.number().int(),
      target: num,
    }),
  ),
  intentSeq: z.number().int(),
});
