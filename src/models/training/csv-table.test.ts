import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { parseNumericCsv } from './csv-table.js';

describe('parseNumericCsv', () => {
  it('takes the label by name and the other columns as features, in file order; missing values are NaN', () => {
    const t = parseNumericCsv('a,target,b\r\n1,0.5,2e-3\n,1,nan\nNA,-2,null\n', 'f.csv', 'target');
    expect(t.featureNames).toEqual(['a', 'b']);
    expect(Array.from(t.y)).toEqual([0.5, 1, -2]);
    expect(Array.from(t.x)).toEqual([1, 0.002, NaN, NaN, NaN, NaN]);
  });

  it('names file, line and column of a value that is not a number', () => {
    expect(() => parseNumericCsv('target,a,b\n1,2,3\n2,3,abc\n', 'f.csv', 'target')).toThrow(
      'f.csv:3: column 3 ("b"): "abc" is not a number',
    );
    expect(() => parseNumericCsv('target,a\n1,0x10\n', 'f.csv', 'target')).toThrow(InputError);
  });

  it('refuses a missing label column, a missing label value and ragged rows', () => {
    expect(() => parseNumericCsv('y,a\n1,2\n', 'f.csv', 'target')).toThrow(/no column "target".*y, a/);
    expect(() => parseNumericCsv('target,a\nnan,2\n', 'f.csv', 'target')).toThrow(/f.csv:2: .*finite/);
    expect(() => parseNumericCsv('target,a\n1,2,3\n', 'f.csv', 'target')).toThrow(/f.csv:2: has 3 fields/);
    expect(() => parseNumericCsv('', 'f.csv', 'target')).toThrow(/empty file/);
  });
});
