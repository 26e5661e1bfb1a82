// `algobot train` on the bundled sample (12 coins × 6 months) with small parameters: both models, the model card,
// and files our LightGBM reader loads and predicts with.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileModel, parseModel, predictBatch } from '../src/models/lightgbm/index.js';
import { FEATURE_NAMES } from '../src/features/index.js';
import {
  SAMPLE_DATA_DIR,
  SHIPPED_CONFIG,
  edit,
  removeTempProjects,
  tempProject,
} from './helpers/config-files.js';
import { runCli } from './helpers/run-cli.js';

afterAll(removeTempProjects);

interface CardModel {
  name: string;
  file: string;
  oos_edge: boolean;
  verdict: string;
  out_of_sample: { rank_ic: number; t_stat: number };
  in_sample_rank_ic: number;
  baselines: Record<string, { rank_ic: number }>;
  folds: { test: [string, string]; gap_hours: number }[];
  feature_transform: string;
  demeaned_target: boolean;
}

describe('algobot train', () => {
  it('writes both models, loadable by our reader, and a model card with out-of-sample scores next to baselines', async () => {
    let config = edit(SHIPPED_CONFIG, '  folds: 4 #', '  folds: 2 #');
    config = edit(config, '    num_iterations: 300 #', '    num_iterations: 15 #');
    config = edit(config, '    num_leaves: 15 #', '    num_leaves: 7 #');
    const cwd = await tempProject({ 'config.yaml': config });
    const r = await runCli(
      ['train', '--config', 'config.yaml', '--data', SAMPLE_DATA_DIR, '--from', '2025-06-01', '--out', 'out'],
      {
        cwd,
      },
    );
    expect(r.stderr).toContain('lgbm_24h: 2 folds + final fit: 100%');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lgbm_6h: out-of-sample rank IC -?0\.\d{4}/);

    const card = JSON.parse(await readFile(join(cwd, 'out/model-card.json'), 'utf8')) as {
      features: string[];
      data: { coins: string[]; from: string };
      models: CardModel[];
    };
    expect(card.features).toEqual(FEATURE_NAMES);
    expect(card.data.coins).toHaveLength(12);
    expect(card.data.from >= '2025-06-01').toBe(true);
    expect(card.models.map((m) => m.file)).toEqual(['lgbm_6h.txt', 'lgbm_24h.txt']);
    for (const m of card.models) {
      expect(typeof m.oos_edge).toBe('boolean');
      expect(m.verdict).toMatch(m.oos_edge ? /beats every baseline/ : /does NOT beat/);
      expect(Object.keys(m.baselines)).toEqual(['reversal_24h', 'momentum_24h', 'fallback']);
      expect(m.folds).toHaveLength(2);
      for (const f of m.folds) expect(f.gap_hours).toBeGreaterThanOrEqual(24);
      expect([m.feature_transform, m.demeaned_target]).toEqual(['rank', true]);
      if (m.oos_edge) {
        for (const b of Object.values(m.baselines))
          expect(m.out_of_sample.rank_ic).toBeGreaterThan(b.rank_ic);
      }

      const text = await readFile(join(cwd, 'out', m.file), 'utf8');
      const model = parseModel(text, m.file);
      expect(model.featureNames).toEqual(FEATURE_NAMES);
      expect(model.numIterations).toBe(15);
      const row = Float64Array.from(FEATURE_NAMES, (_, j) => (j === 12 ? 2 : 0.1 * (j - 6)));
      const out = new Float64Array(1);
      predictBatch(compileModel(model), row, 1, out);
      expect(Number.isFinite(out[0])).toBe(true);
    }
    const md = await readFile(join(cwd, 'out/model-card.md'), 'utf8');
    expect(md).toContain('## lgbm_6h (lgbm_6h.txt)');
    expect(md).toContain('| reversal_24h |');
    expect(md).toMatch(/\*\*Verdict: /);
  });

  it('refuses a range too short for the folds', async () => {
    const cwd = await tempProject({ 'config.yaml': SHIPPED_CONFIG });
    const args = [
      'train',
      '--config',
      'config.yaml',
      '--data',
      SAMPLE_DATA_DIR,
      '--from',
      '2025-09-29',
      '--out',
      'x',
    ];
    const r = await runCli(args, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too few decision times .* for 4 folds.*; use a longer --from\/--to range/);
  });
});
