// `algobot data check DIR`: one table row per candle file (DIR and its subdirectories, or one file), then the first
// bad row of each unusable file as `FILE:LINE: message` on stderr, so editors and CI logs link straight to it.
// Exit 0 when every file would load, 1 when one would not, 2 (InputError) when there is nothing to check.
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { isoUtc } from '../../core/time.js';
import { candleName, conflictingCandleFiles, fsError, listCandleFiles } from '../../data/candle-io.js';
import { checkCandleFile, type CandleFileReport } from '../../data/check.js';
import { mapLimit } from '../../data/map-limit.js';
import type { CommandContext } from '../context.js';

interface Target {
  /** Absolute path to read. */
  readonly path: string;
  /** As the user would type it: DIR joined with the path inside it. */
  readonly display: string;
  /** Shorter name for the table: the path inside DIR. */
  readonly label: string;
}

export async function dataCheck(
  ctx: CommandContext,
  dir: string,
  opts: { allowGaps: boolean },
): Promise<number> {
  const root = resolve(ctx.cwd, dir);
  let isFile: boolean;
  try {
    isFile = (await stat(root)).isFile();
  } catch (err) {
    throw fsError(err, dir);
  }
  const targets: Target[] = [];
  const conflicts: string[] = [];
  if (isFile) {
    candleName(dir); // a file named otherwise has no interval to check against: bad input
    targets.push({ path: root, display: dir, label: basename(dir) });
  } else {
    for (const d of await directories(root)) {
      const files = await listCandleFiles(d);
      for (const f of files) {
        const label = relative(root, f.path);
        targets.push({ path: f.path, display: join(dir, label), label });
      }
      for (const [a, b] of conflictingCandleFiles(files)) {
        const where = join(dir, relative(root, d));
        conflicts.push(
          `${where}: ${a.base} and ${b.base} both hold ${a.name.coin} ${a.name.interval}: keep one`,
        );
      }
    }
  }
  if (targets.length === 0) {
    throw new InputError('holds no candle files (<COIN>-USDT_<interval>.csv or .csv.gz)', { file: dir });
  }

  const reports = await mapLimit(targets, 4, (t) => checkCandleFile(t.path, opts));
  ctx.stdout.write(renderTable(targets, reports));
  const bad = reports.flatMap((r, i) => (r.usable ? [] : [{ report: r, target: targets[i] as Target }]));
  for (const { report, target } of bad) {
    const p = report.firstProblem;
    const where = p?.line === undefined ? target.display : `${target.display}:${p.line}`;
    ctx.stderr.write(`${where}: ${p?.message ?? 'unusable'}\n`);
  }
  for (const c of conflicts) ctx.stderr.write(`${c}\n`);
  ctx.stdout.write(`${summary(reports, bad.length, conflicts.length, opts.allowGaps, targets)}\n`);
  return bad.length > 0 || conflicts.length > 0 ? 1 : 0;
}

/** `root` and every directory below it, hidden ones excepted, in a stable order. */
async function directories(root: string): Promise<string[]> {
  const out = [root];
  const entries = await readdir(root, { withFileTypes: true });
  const subdirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  for (const name of subdirs.sort()) out.push(...(await directories(join(root, name))));
  return out;
}

/** Table columns: title, and whether the cells are text (left-aligned) or counts (right-aligned). */
const COLUMNS: ReadonlyArray<readonly [string, 'left' | 'right']> = [
  ['file', 'left'],
  ['interval', 'left'],
  ['rows', 'right'],
  ['first → last (UTC)', 'left'],
  ['gaps', 'right'],
  ['dup', 'right'],
  ['unsorted', 'right'],
  ['ohlc', 'right'],
  ['price<=0', 'right'],
  ['other', 'right'],
  ['zero-vol', 'right'],
  ['status', 'left'],
];

function renderTable(targets: readonly Target[], reports: readonly CandleFileReport[]): string {
  const rows = [
    COLUMNS.map(([title]) => title),
    ...reports.map((r, i) => cells((targets[i] as Target).label, r)),
  ];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((row) => (row[c] as string).length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => {
        const w = widths[c] as number;
        return COLUMNS[c]?.[1] === 'left' ? cell.padEnd(w) : cell.padStart(w);
      })
      .join('  ')
      .trimEnd();
  return rows.map((row) => `${line(row)}\n`).join('');
}

function cells(label: string, r: CandleFileReport): string[] {
  const n = r.counts;
  if (n.unreadable > 0) return [label, r.interval, '-', '-', '-', '-', '-', '-', '-', '-', '-', 'UNREADABLE'];
  const range =
    r.firstTime === undefined || r.lastTime === undefined ? '-' : `${iso(r.firstTime)} → ${iso(r.lastTime)}`;
  const gaps = n.gap === 0 ? '0' : `${n.gap} (${r.missingBars} bar${r.missingBars === 1 ? '' : 's'})`;
  // Problems without a column of their own; the stderr line names the first of them.
  const other = n.empty + n.header + n.fields + n.number + n.timestamp + n['off-grid'] + n.volume;
  const status = !r.usable ? 'FAIL' : n.gap > 0 ? 'ok (gaps allowed)' : 'ok';
  return [
    label,
    r.interval,
    String(r.rows),
    range,
    gaps,
    String(n.duplicate),
    String(n.unsorted),
    String(n.ohlc),
    String(n.price),
    String(other),
    String(r.zeroVolumeBars),
    status,
  ];
}

function summary(
  reports: readonly CandleFileReport[],
  unusable: number,
  conflicts: number,
  allowGaps: boolean,
  targets: readonly Target[],
): string {
  const files = `${reports.length} file${reports.length === 1 ? '' : 's'}`;
  const rows = reports.reduce((sum, r) => sum + r.rows, 0);
  const withGaps = reports.filter((r) => r.counts.gap > 0).length;
  // Files that --allow-gaps would make usable: gaps are their only problem.
  const gapsOnly = reports.filter(
    (r) => !r.usable && Object.entries(r.counts).every(([k, n]) => k === 'gap' || n === 0),
  );
  if (unusable === 0 && conflicts === 0) {
    const gapNote = allowGaps && withGaps > 0 ? ` (${withGaps} with gaps, allowed by --allow-gaps)` : '';
    return `OK: ${files}, ${rows} rows, all usable${gapNote}`;
  }
  const parts: string[] = [];
  if (unusable > 0) {
    const names = reports.flatMap((r, i) => (r.usable ? [] : [(targets[i] as Target).label]));
    parts.push(`${unusable} of ${files} unusable: ${names.join(', ')}`);
  }
  if (conflicts > 0) parts.push(`${conflicts} coin/interval pair${conflicts === 1 ? '' : 's'} stored twice`);
  const hint = gapsOnly.length > 0 ? `; ${gapsOnly.length} only for gaps, which --allow-gaps accepts` : '';
  return `FAILED: ${parts.join('; ')}${hint}`;
}

function iso(t: number): string {
  return isoUtc(t).replace(':00Z', 'Z');
}
