import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { writeJsonAtomically } from './state-json.js';

const dir = mkdtempSync(join(tmpdir(), 'algobot-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeJsonAtomically', () => {
  it('writes indented JSON with a final newline, replaces the old file and leaves no temporary file', () => {
    const path = join(dir, 'a', 'state.json');
    writeJsonAtomically(path, { equity: 10_000.5, coins: ['BTC'], peak: NaN });
    expect(readFileSync(path, 'utf8')).toBe(
      '{\n  "equity": 10000.5,\n  "coins": [\n    "BTC"\n  ],\n  "peak": null\n}\n',
    );
    writeJsonAtomically(path, { equity: 1 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ equity: 1 });
    expect(readdirSync(join(dir, 'a'))).toEqual(['state.json']);
  });

  it('a failed write keeps the old file and cleans up, with an InputError naming the file', () => {
    const sub = join(dir, 'b');
    mkdirSync(join(sub, 'state.json'), { recursive: true }); // a directory where the file should go
    writeFileSync(join(sub, 'state.json', 'keep'), 'x');
    let err: unknown;
    try {
      writeJsonAtomically(join(sub, 'state.json'), { a: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location.file).toBe(join(sub, 'state.json'));
    expect(readdirSync(sub)).toEqual(['state.json']);
    expect(readFileSync(join(sub, 'state.json', 'keep'), 'utf8')).toBe('x');
  });
});
