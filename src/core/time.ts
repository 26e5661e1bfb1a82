// Time is UTC epoch milliseconds everywhere. Intervals are written as Binance writes them: 1m, 5m, 1h, 4h, 1d.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const UNIT_MS: Record<string, number> = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS };

const INTERVAL_RE = /^([1-9][0-9]*)([mhdw])$/;

/** Milliseconds in an interval such as `5m` or `1h`, or undefined when the text is not one. */
export function intervalMs(interval: string): number | undefined {
  const m = INTERVAL_RE.exec(interval);
  if (m === null) return undefined;
  const unit = UNIT_MS[m[2] ?? ''];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

export function isInterval(interval: string): boolean {
  return intervalMs(interval) !== undefined;
}

/** ISO-8601 UTC, without milliseconds when they are zero: 2025-09-30T23:00:00Z. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Parses a date given on the command line or in config: `2025-01-31`, `2025-01-31T12:00`, full ISO with zone,
 * or epoch milliseconds. Dates without a zone are UTC. Returns undefined when the text is not a date.
 */
export function parseUtc(text: string): number | undefined {
  const t = text.trim();
  if (/^[0-9]{12,14}$/.test(t)) return Number(t);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(t);
  if (m === null) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? 'Z'}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // Reject dates that Date.parse silently rolls over (2025-02-30).
  if (m[7] === undefined || m[7] === 'Z') {
    if (!new Date(ms).toISOString().startsWith(`${m[1]}-${m[2]}-${m[3]}`)) return undefined;
  }
  return ms;
}

/** Start of the interval bucket containing `t`, aligned to UTC (epoch) boundaries. */
export function floorTo(t: number, stepMs: number): number {
  return t - (((t % stepMs) + stepMs) % stepMs);
}
