// Cool-downs after stop-outs, as plain data: asset → time (epoch ms) until which it may not be entered. A coin
// that has just hit its stop is often still falling; re-buying it on the next hour's momentum score would pay a
// round trip of fees to repeat the loss.
export type Cooldowns = Readonly<Record<string, number>>;

export const NO_COOLDOWNS: Cooldowns = {};

/** Records a stop-out of `asset` at `time`. A longer cool-down already running is kept. */
export function startCooldown(c: Cooldowns, asset: string, time: number, cooldownMs: number): Cooldowns {
  if (cooldownMs <= 0) return c;
  const until = Math.max(c[asset] ?? -Infinity, time + cooldownMs);
  return { ...c, [asset]: until };
}

/** True while `asset` may not be entered: now < until. */
export function isCoolingDown(c: Cooldowns, asset: string, now: number): boolean {
  const until = c[asset];
  return until !== undefined && now < until;
}

/** Drops the cool-downs that have ended (keeps the state small; the answer of isCoolingDown is unchanged). */
export function pruneCooldowns(c: Cooldowns, now: number): Cooldowns {
  const out: Record<string, number> = {};
  for (const [asset, until] of Object.entries(c)) if (now < until) out[asset] = until;
  return out;
}
