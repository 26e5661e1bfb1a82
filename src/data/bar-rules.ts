// The rules one bar's values must obey, wherever the bar comes from (a file, a download): prices positive,
// volume not negative, open and close within [low, high]. One definition, so a file we write is a file we read.
import { formatDecimal as num } from './decimal.js';

export type BarRuleKind = 'price' | 'volume' | 'ohlc';

export type BarRuleSink = (kind: BarRuleKind, message: string) => void;

/** Reports the first failure of each rule (at most one per kind), in that order; nothing for a sane bar. */
export function checkBarValues(o: number, h: number, l: number, c: number, vol: number, report: BarRuleSink): void {
  const prices = [
    ['open', o],
    ['high', h],
    ['low', l],
    ['close', c],
  ] as const;
  for (const [name, x] of prices) {
    if (!(x > 0 && x < Infinity)) {
      report('price', `${name} ${show(x)} is not a positive price`);
      break;
    }
  }
  if (!(vol >= 0 && vol < Infinity)) {
    report('volume', vol < 0 ? `volume ${num(vol)} is negative` : `volume ${show(vol)} is not a finite number`);
  }
  let message: string | undefined;
  if (h < l) message = `high ${num(h)} is below low ${num(l)}`;
  else if (h < o || h < c) message = `high ${num(h)} is below ${h < o ? `open ${num(o)}` : `close ${num(c)}`}`;
  else if (l > o || l > c) message = `low ${num(l)} is above ${l > o ? `open ${num(o)}` : `close ${num(c)}`}`;
  if (message !== undefined) report('ohlc', message);
}

function show(x: number): string {
  return Number.isFinite(x) ? num(x) : String(x);
}
