// JSON columns (a decision's assets, an event's details) keep NaN and ±Infinity: JSON has neither, so they travel
// as the strings "NaN", "Infinity", "-Infinity" (the convention of engine/persisted.ts).
const NON_FINITE: Readonly<Record<string, number>> = { NaN, Infinity, '-Infinity': -Infinity };

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v));
}

/** A number column: NaN is stored as NULL (SQLite has no NaN) and read back as NaN. */
export const toSql = (x: number): number | null => (Number.isNaN(x) ? null : x);
export const fromSql = (x: number | null): number => x ?? NaN;
