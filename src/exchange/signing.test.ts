import { describe, expect, it } from 'vitest';
import { parseParams, signatureMatches, signMessage, totalParams } from './signing.js';

const SECRET = 'S1XP1e3UZj6A7H5fATj0jNhqPxxdSJYdInClVN65XAbvqqMKjVHjA7PZj4W12oep';

describe('Roostoo signing (API.md test vectors)', () => {
  it('signs the official example order', () => {
    const message = totalParams({
      type: 'MARKET',
      timestamp: '1580774512000',
      side: 'BUY',
      quantity: '2000',
      pair: 'BNB/USD',
    });
    expect(message).toBe('pair=BNB/USD&quantity=2000&side=BUY&timestamp=1580774512000&type=MARKET');
    expect(signMessage(SECRET, message)).toBe(
      '20b7fd5550b67b3bf0c1684ed0f04885261db8fdabd38611e9e6af23c19b7fff',
    );
  });

  it('signs a timestamp alone (the balance request)', () => {
    expect(signMessage(SECRET, totalParams({ timestamp: '1580774512000' }))).toBe(
      '6368327b9f7561636b4651997f164a157529428bcf4eb5636b84c22450ed1945',
    );
  });

  it('drops absent parameters before signing and keeps values raw', () => {
    expect(totalParams({ pair: undefined, timestamp: '1', order_id: '5' })).toBe('order_id=5&timestamp=1');
    expect(totalParams({ pair: 'BTC/USD', timestamp: '1' })).toBe('pair=BTC/USD&timestamp=1');
  });

  it('checks a signature in constant time, and parses raw and percent-encoded bodies alike', () => {
    const m = 'timestamp=1580774512000';
    expect(signatureMatches(SECRET, m, signMessage(SECRET, m))).toBe(true);
    expect(signatureMatches(SECRET, m, signMessage(SECRET, `${m}&x=1`))).toBe(false);
    expect(signatureMatches(SECRET, m, 'short')).toBe(false);
    expect([...parseParams('pair=BTC/USD&timestamp=1')]).toEqual([
      ['pair', 'BTC/USD'],
      ['timestamp', '1'],
    ]);
    expect(parseParams('pair=BTC%2FUSD').get('pair')).toBe('BTC/USD');
  });
});
