// Exact money arithmetic for the exchange boundary. A price or quantity sent to Roostoo is an integer number of
// steps (10^-precision) printed with exactly `precision` decimals: never exponent notation (`String(1e-7)`), never
// a binary-float tail (`0.0024500000000000004`). Both are rejected by the exchange.

/** Largest precision we accept: 10^18 steps still fit the integer range of a double for realistic sizes. */
export const MAX_PRECISION = 18;

function checkPrecision(precision: number): void {
  if (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw new RangeError(`precision ${precision} is not an integer in [0, ${MAX_PRECISION}]`);
  }
}

/**
 * Whole steps of 10^-precision in `value`, rounded the way asked. A value that is on the grid up to float noise
 * (0.00246 × 10^5 = 245.99999999999997) counts as on the grid, so `floor` does not lose a step to noise. The noise
 * of one multiplication is a few ulps, so the tolerance is a few ulps too — relative, but capped far below half a
 * step: a tolerance growing with the value would turn `floor` into `nearest` for large quantities (1.4 billion
 * PEPE at precision 0 would round 1404494382.7 up, and a sell of it would exceed the wallet).
 */
export function toSteps(value: number, precision: number, mode: 'floor' | 'ceil' | 'nearest'): number {
  checkPrecision(precision);
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  const scaled = value * 10 ** precision;
  const nearest = Math.round(scaled);
  const noise = Math.min(1e-6, 8 * Number.EPSILON * Math.max(1, Math.abs(scaled)));
  if (Math.abs(scaled - nearest) <= noise) return nearest;
  if (mode === 'floor') return Math.floor(scaled);
  if (mode === 'ceil') return Math.ceil(scaled);
  return nearest;
}

/** `steps` × 10^-precision as fixed-point text: formatSteps(245, 5) = "0.00245", formatSteps(7, 0) = "7". */
export function formatSteps(steps: number, precision: number): string {
  checkPrecision(precision);
  if (!Number.isSafeInteger(steps)) throw new RangeError(`${steps} steps is not a safe integer`);
  const negative = steps < 0;
  const digits = String(Math.abs(steps)).padStart(precision + 1, '0');
  const text = precision === 0 ? digits : `${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
  return negative ? `-${text}` : text;
}

/**
 * The number `steps` × 10^-precision (the nearest double; for display and arithmetic, not for sending). Both
 * `steps` (a safe integer) and 10^precision (precision ≤ 18 < 22) are exact doubles, and IEEE division rounds
 * the exact quotient correctly, so this is bit for bit `Number(formatSteps(steps, precision))` without the string.
 */
export function stepsToNumber(steps: number, precision: number): number {
  checkPrecision(precision);
  if (!Number.isSafeInteger(steps)) throw new RangeError(`${steps} steps is not a safe integer`);
  return steps / 10 ** precision;
}

const DECIMAL_RE = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Parses a non-negative decimal text into whole steps, or undefined when it is not plain decimal notation or has
 * more decimals than `precision` allows (trailing zeros beyond it are accepted: "1.50" at precision 1 is 15).
 */
export function parseSteps(text: string, precision: number): number | undefined {
  checkPrecision(precision);
  const m = DECIMAL_RE.exec(text);
  if (m === null) return undefined;
  const int = m[1] ?? '0';
  let frac = m[2] ?? '';
  if (frac.length > precision) {
    if (!/^0+$/.test(frac.slice(precision))) return undefined;
    frac = frac.slice(0, precision);
  }
  const steps = Number(int + frac.padEnd(precision, '0'));
  return Number.isSafeInteger(steps) ? steps : undefined;
}

/**
 * Is price × quantity (given in steps) strictly above `minValue`? Exact: the product is compared in bigint, so
 * an order worth exactly the minimum is never let through by rounding.
 */
export function valueExceeds(
  priceTicks: number,
  pricePrecision: number,
  qtySteps: number,
  amountPrecision: number,
  minValue: number,
): boolean {
  const scale = pricePrecision + amountPrecision;
  const minSteps = toSteps(minValue, scale, 'floor');
  return BigInt(priceTicks) * BigInt(qtySteps) > BigInt(minSteps);
}
