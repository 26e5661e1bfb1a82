import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, floorTo, intervalMs, isoUtc, parseUtc } from './time.js';
import { ManualClock } from './clock.js';

describe('intervalMs', () => {
  it.each([
    ['1m', MINUTE_MS],
    ['5m', 5 * MINUTE_MS],
    ['1h', HOUR_MS],
    ['4h', 4 * HOUR_MS],
    ['1d', DAY_MS],
    ['1w', 7 * DAY_MS],
  ])('%s is %d ms', (text, ms) => {
    expect(intervalMs(text)).toBe(ms);
  });

  it.each(['', '0h', '1H', 'h', '1.5h', '01h', '1s', '1y', ' 1h'])('rejects %j', (text) => {
    expect(intervalMs(text)).toBeUndefined();
  });
});

describe('parseUtc', () => {
  it('reads dates without a zone as UTC', () => {
    expect(parseUtc('2025-04-01')).toBe(Date.UTC(2025, 3, 1));
    expect(parseUtc('2025-04-01T12:30')).toBe(Date.UTC(2025, 3, 1, 12, 30));
    expect(parseUtc('2025-04-01 12:30:15')).toBe(Date.UTC(2025, 3, 1, 12, 30, 15));
  });

  it('honours an explicit offset and epoch milliseconds', () => {
    expect(parseUtc('2025-04-01T02:00+02:00')).toBe(Date.UTC(2025, 3, 1));
    expect(parseUtc('1743465600000')).toBe(1743465600000);
  });

  it.each(['2025-02-30', '2025-13-01', 'yesterday', '2025/04/01', '1743465600', ''])('rejects %j', (text) => {
    expect(parseUtc(text)).toBeUndefined();
  });

  it('round-trips through isoUtc', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (t) => {
        const s = floorTo(t, 1000);
        expect(parseUtc(isoUtc(s).replace('Z', ''))).toBe(s);
      }),
    );
  });
});

describe('floorTo', () => {
  it('aligns to UTC boundaries, also before 1970', () => {
    expect(floorTo(Date.UTC(2025, 0, 1, 13, 59, 59, 999), HOUR_MS)).toBe(Date.UTC(2025, 0, 1, 13));
    expect(floorTo(Date.UTC(2025, 0, 1, 13), HOUR_MS)).toBe(Date.UTC(2025, 0, 1, 13));
    expect(floorTo(-1, HOUR_MS)).toBe(-HOUR_MS);
  });

  it('returns the start of the bucket that contains t', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e13, max: 1e13 }),
        fc.constantFrom(MINUTE_MS, HOUR_MS, DAY_MS),
        (t, step) => {
          const b = floorTo(t, step);
          expect(b % step === 0).toBe(true);
          expect(b <= t && t < b + step).toBe(true);
        },
      ),
    );
  });
});

describe('ManualClock', () => {
  it('moves forward only', () => {
    const c = new ManualClock(1000);
    c.advance(500);
    expect(c.now()).toBe(1500);
    expect(() => c.set(1499)).toThrow(/cannot go back/);
  });
});
