// Bounded concurrency for file work: enough in flight to keep zlib's thread pool busy while the main thread
// parses, without holding every decompressed file in memory at once.

/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results keep the order of `items`. On failure
 * no new call starts, and the error of the lowest-indexed failing item is thrown — the same one every run, since
 * every item before it has already started and is awaited.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const errors = new Map<number, unknown>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && errors.size === 0) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (err) {
        errors.set(i, err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.size > 0) throw errors.get(Math.min(...errors.keys()));
  return results;
}
