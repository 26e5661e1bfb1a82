import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapLimit', () => {
  it('keeps the order of the items and never runs more than `limit` at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([30, 5, 20, 1, 10, 2], 3, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(ms);
      running--;
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(peak).toBe(3);
  });

  it('throws the error of the lowest failing index, whichever fails first, and starts nothing after', async () => {
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5, 6], 2, async (i) => {
      started.push(i);
      await sleep(i === 1 ? 30 : 1);
      if (i === 1 || i === 2) throw new Error(`item ${i}`);
      return i;
    });
    await expect(run).rejects.toThrow('item 1');
    expect(started).not.toContain(6);
  });

  it('handles an empty list', async () => {
    expect(await mapLimit([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});
