import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { FeatureCsvReader } from './csv-features.js';

const NAMES = ['a', 'b', 'c'];

/** Reads `text` pushed in the given chunk sizes; returns the rows and the batches' first lines. */
function read(
  text: string,
  chunkSizes: number[] = [],
  batchRows = 4,
): { rows: number[][]; firstLines: number[] } {
  const rows: number[][] = [];
  const firstLines: number[] = [];
  const reader = new FeatureCsvReader(
    'f.csv',
    NAMES,
    ({ features, nRows, firstLine }) => {
      firstLines.push(firstLine);
      for (let r = 0; r < nRows; r++) rows.push(Array.from(features.subarray(r * 3, r * 3 + 3)));
    },
    batchRows,
  );
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  for (const size of chunkSizes) {
    reader.push(bytes.subarray(at, Math.min(at + size, bytes.length)));
    at = Math.min(at + size, bytes.length);
  }
  reader.push(bytes.subarray(at));
  reader.end();
  return { rows, firstLines };
}

function readError(text: string): InputError {
  try {
    read(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('FeatureCsvReader', () => {
  it('reads features by name, ignoring other columns, in model order', () => {
    const { rows } = read('label,c,a,b\n9,3,1,2\n9,6,4,5\n');
    expect(rows).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('reads missing values, infinities, signs and exponents', () => {
    const { rows } = read('a,b,c\n,nan,NaN\nNA,null,-nan\ninf,-inf,+Infinity\n-0,+1.5,2e3\n.5,5.,1E-2\n');
    expect(rows.slice(0, 2).flat().every(Number.isNaN)).toBe(true);
    expect(rows[2]).toEqual([Infinity, -Infinity, Infinity]);
    expect(Object.is(rows[3]?.[0], -0)).toBe(true);
    expect(rows[3]?.slice(1)).toEqual([1.5, 2000]);
    expect(rows[4]).toEqual([0.5, 5, 0.01]);
  });

  it('handles CRLF, a byte-order mark, quoted header names, blank lines and no final newline', () => {
    const { rows } = read('\ufeff"a",b, c \r\n1,2,3\r\n\r\n4,5,6');
    expect(rows).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('parses every number exactly as Number() does', () => {
    const texts = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toPrecision(9)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toExponential(16)),
      fc
        .tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 25 }))
        .map(([m, k]) => `${m}e-${k}`),
      fc.stringMatching(/^-?[0-9]{1,25}\.[0-9]{0,25}$/),
    );
    fc.assert(
      fc.property(fc.array(texts, { minLength: 3, maxLength: 3 }), (cells) => {
        const { rows } = read(`a,b,c\n${cells.join(',')}\n`);
        expect(rows[0]).toEqual(cells.map(Number));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same rows however the bytes are chunked', () => {
    const text = 'x,a,b,c\n1,2.5,nan,3e-7\n2,-0.125,4,5\n3,6,,7\n4,8,9,10\n5,11,12,13\n';
    const whole = read(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 20 }), (sizes) => {
        expect(read(text, sizes)).toEqual(whole);
      }),
    );
    expect(whole.firstLines).toEqual([2, 6]);
  });

  it('names file, line and column of a value that is not a number', () => {
    const err = readError('a,b,c\n1,2,3\n4,five,6\n');
    expect(err.location).toEqual({ file: 'f.csv', line: 3 });
    expect(err.message).toBe('f.csv:3: column 2 ("b"): "five" is not a number');
    expect(readError('a,b,c\n1,2,0x10\n').message).toMatch(/column 3 \("c"\): "0x10" is not a number/);
    expect(readError('a,b,c\n1,2,1.2.3\n').message).toMatch(/"1.2.3" is not a number/);
    expect(readError('a,b,c\n1,2,1e\n').message).toMatch(/"1e" is not a number/);
  });

  it('refuses rows with too few or too many fields', () => {
    expect(readError('a,b,c\n1,2\n').message).toBe('f.csv:2: expected 3 fields, got 2');
    expect(readError('a,b,c\n1,2,3,4\n').message).toBe('f.csv:2: expected 3 fields, got more');
  });

  it('refuses a header without the model features, and an empty file', () => {
    const err = readError('a,x,y\n1,2,3\n');
    expect(err.location).toEqual({ file: 'f.csv', line: 1 });
    expect(err.message).toMatch(/missing 2 of the model's 3 features: b, c/);
    expect(readError('').message).toBe('f.csv:1: empty file: expected a header line');
  });
});
