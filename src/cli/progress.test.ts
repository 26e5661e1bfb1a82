import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

const ESC = '\u001b';

function capture(isTTY: boolean): {
  stream: { write: (s: string) => void; isTTY: boolean };
  text: () => string;
} {
  let text = '';
  return { stream: { write: (s: string) => void (text += s), isTTY }, text: () => text };
}

describe('createProgress off a terminal', () => {
  it('prints a plain line at most every 10 %, never an ANSI escape', () => {
    const out = capture(false);
    const p = createProgress(out.stream);
    p.start(1000, 'BTC-USDT_1h.csv.gz');
    for (let n = 1; n <= 1000; n++) p.update(n);
    p.stop();

    const lines = out.text().trimEnd().split('\n');
    expect(out.text()).not.toContain(ESC);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('BTC-USDT_1h.csv.gz: 0% (0/1000)');
    expect(lines[4]).toBe('BTC-USDT_1h.csv.gz: 40% (400/1000)');
    expect(lines[10]).toBe('BTC-USDT_1h.csv.gz: 100% (1000/1000)');
  });

  it('prints one line per jump, and nothing after stop', () => {
    const out = capture(false);
    const p = createProgress(out.stream);
    p.start(72, 'ETH');
    p.update(72);
    p.stop();
    p.update(80);
    p.start(0, 'SOL');
    p.stop();
    expect(out.text()).toBe('ETH: 0% (0/72)\nETH: 100% (72/72)\nSOL: 100% (0/0)\n');
  });
});

describe('createProgress on a terminal', () => {
  it('draws a cli-progress bar with the label, and clears it on stop', () => {
    const out = capture(true);
    const p = createProgress(out.stream);
    p.start(10, 'BTC-USDT_1h.csv.gz');
    p.update(5);
    const drawn = out.text();
    p.stop();

    expect(drawn).toContain('BTC-USDT_1h.csv.gz [');
    expect(drawn).toContain('| 0/10 |');
    expect(out.text()).toContain(ESC);
    expect(out.text().length).toBeGreaterThan(drawn.length);
  });
});
