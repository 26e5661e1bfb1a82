// Seeded randomness: same seed, same sequence, on every machine. Used wherever chance enters (retry jitter,
// injected faults) so runs and tests are reproducible.

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32's raw stream: uniform 32-bit integers from a 32-bit state. The one generator of the project: retry
 * jitter and injected faults (`seededRandom`) and the trainer's bagging (`SeededRandom`) draw from it.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** mulberry32 as uniform numbers in [0, 1): tiny, fast, good enough for jitter and faults (not cryptography). */
export function seededRandom(seed: number): Random {
  const next = mulberry32(seed);
  return () => next() / 4_294_967_296;
}
