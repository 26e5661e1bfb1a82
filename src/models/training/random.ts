// A small seeded generator (mulberry32) so that bagging and feature sampling depend only on the `seed`
// parameter: the same data and seed give byte-identical model files on every machine and Node version.
// Not LightGBM's generator, so bagged models differ from LightGBM's in which rows are drawn, not in how.
import { mulberry32 } from '../../core/random.js';

export class SeededRandom {
  readonly #next: () => number;

  constructor(seed: number) {
    // Mix the seed so that nearby seeds (1, 2, 3) start far apart.
    this.#next = mulberry32((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0);
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    return this.#next();
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /**
   * `k` distinct indices of [0, n), ascending (selection sampling, Knuth's algorithm S): one pass, exact count,
   * every subset equally likely.
   */
  sample(n: number, k: number): Int32Array {
    const out = new Int32Array(Math.min(k, n));
    let need = out.length;
    let j = 0;
    for (let i = 0; i < n && need > 0; i++) {
      if (this.nextFloat() * (n - i) < need) {
        out[j++] = i;
        need--;
      }
    }
    return out;
  }
}
