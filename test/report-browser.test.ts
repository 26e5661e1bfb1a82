// report.html in a real browser: Debian's headless chromium loads the file offline and the DOM it builds holds the
// three charts and the tables. Skipped where /usr/bin/chromium is absent (CI installs it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest, summarizeBacktest } from '../src/cli/backtest/run-backtest.js';
import { renderReport } from '../src/report/html.js';
import { sampleInputs } from './helpers/sample-backtest.js';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('report.html in headless chromium', () => {
  it('renders offline: three SVG charts, the performance table, monthly returns and trades', async () => {
    const inputs = await sampleInputs();
    const run = await runBacktest({ ...inputs, from: Date.UTC(2025, 5, 1), to: Date.UTC(2025, 6, 1) });
    const c = inputs.config;
    const summary = summarizeBacktest(c, inputs.decision, run);
    const dir = await mkdtemp(join(tmpdir(), 'algobot-report-'));
    try {
      const file = join(dir, 'report.html');
      await writeFile(file, renderReport(summary, run.journal, inputs.decision));
      const r = spawnSync(
        CHROMIUM,
        ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${file}`],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status).toBe(0);
      const dom = r.stdout;
      expect(dom.match(/<svg/g)?.length).toBe(3);
      expect(dom).toContain('<polyline');
      expect(dom).toContain('Monthly returns');
      expect(dom).toContain('Buy-and-hold BTC');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
