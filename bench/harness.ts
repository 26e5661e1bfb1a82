// Benchmarks: each bench/*.bench.ts exports `run()` returning measured figures; bench/run.ts collects them into
// BENCHMARKS.md with the machine and the date. Benchmarks may read ../shared; tests never do.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BenchFigure {
  /** What was measured, e.g. "load all 34 files of shared/data/1h". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The goal, in the same unit, e.g. "< 1000". */
  readonly target?: string;
  /** Pass/fail against the target, when there is one. */
  readonly ok?: boolean;
  readonly note?: string;
}

export interface BenchModule {
  readonly title: string;
  run(): Promise<BenchFigure[]>;
}

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));

export function sharedPath(rel: string): string {
  const p = SHARED + rel;
  if (!existsSync(p)) throw new Error(`benchmark input ${p} is missing (benchmarks read ../shared)`);
  return p;
}

/** Median wall time in ms of `repeats` runs of fn, after one warm-up run. */
export async function medianMs(fn: () => unknown, repeats = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
