// Tiny inline-SVG charts, drawn by our code so the report works offline and needs no chart library: lines over
// time, with optional coloured bands behind them (regimes). Coordinates are rounded to 0.1 px to keep files small.
export interface Line {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

export interface Band {
  readonly from: number;
  readonly to: number;
  readonly color: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly time: readonly number[];
  readonly lines: readonly Line[];
  readonly bands?: readonly Band[];
  readonly percent?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const PAD = { left: 64, right: 12, top: 24, bottom: 24 };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function r1(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/** At most `max` points per line: every k-th, keeping the last (a year of hours would be 8760 per line). */
function thin(n: number, max: number): number[] {
  const step = Math.max(1, Math.ceil(n / max));
  const idx: number[] = [];
  for (let i = 0; i < n; i += step) idx.push(i);
  if (n > 0 && idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}

export function lineChart(o: ChartOptions): string {
  const w = o.width ?? 900;
  const h = o.height ?? 260;
  const n = o.time.length;
  if (n < 2) return `<p>${escapeHtml(o.title)}: not enough points</p>`;
  const t0 = o.time[0] as number;
  const t1 = o.time[n - 1] as number;
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of o.lines) {
    for (const v of l.values) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  const x = (t: number): number => PAD.left + ((t - t0) / (t1 - t0)) * (w - PAD.left - PAD.right);
  const y = (v: number): number => PAD.top + ((hi - v) / (hi - lo)) * (h - PAD.top - PAD.bottom);
  const fmt = (v: number): string => (o.percent === true ? `${(v * 100).toFixed(1)}%` : v.toFixed(0));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">`,
    `<title>${escapeHtml(o.title)}</title>`,
    `<text x="${PAD.left}" y="16" font-size="13" font-weight="bold">${escapeHtml(o.title)}</text>`,
  ];
  for (const b of o.bands ?? []) {
    parts.push(
      `<rect x="${r1(x(b.from))}" y="${PAD.top}" width="${r1(Math.max(0.5, x(b.to) - x(b.from)))}" height="${h - PAD.top - PAD.bottom}" fill="${b.color}" opacity="0.18"/>`,
    );
  }
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(
      `<line x1="${PAD.left}" x2="${w - PAD.right}" y1="${r1(y(v))}" y2="${r1(y(v))}" stroke="#ddd"/>`,
      `<text x="${PAD.left - 4}" y="${r1(y(v) + 4)}" font-size="10" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  const idx = thin(n, 1500);
  for (const l of o.lines) {
    const pts = idx
      .filter((i) => Number.isFinite(l.values[i]))
      .map((i) => `${r1(x(o.time[i] as number))},${r1(y(l.values[i] as number))}`);
    parts.push(`<polyline fill="none" stroke="${l.color}" stroke-width="1.3" points="${pts.join(' ')}"/>`);
  }
  o.lines.forEach((l, k) => {
    const lx = PAD.left + 8 + k * 170;
    parts.push(
      `<rect x="${lx}" y="${h - 14}" width="10" height="3" fill="${l.color}"/>`,
      `<text x="${lx + 14}" y="${h - 10}" font-size="11">${escapeHtml(l.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
