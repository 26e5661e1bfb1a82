// A numeric CSV for `algobot model fit`: a header naming the columns, then numbers, one column the label and
// the others the features, in file order. Missing feature values: an empty field, nan, na, null (any case), as
// our prediction CSV reader and LightGBM read them. Anything else that is not a decimal number stops the load
// with an InputError naming the file, the line and the column. Pure: the caller reads the file.
import { InputError } from '../../core/errors.js';

export interface NumericTable {
  readonly rows: number;
  readonly cols: number;
  /** Features, row-major (rows × cols). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly featureNames: readonly string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'nan', '-nan', 'na', 'null']);

function parseCell(text: string): number | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (MISSING.has(lower)) return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return undefined;
}

export function parseNumericCsv(text: string, file: string, label: string): NumericTable {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const strip = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);
  const headerLine = lines[0];
  if (headerLine === undefined || strip(headerLine).trim() === '') {
    throw new InputError('empty file: expected a header line naming the columns', { file, line: 1 });
  }
  const header = strip(headerLine)
    .split(',')
    .map((h) => h.trim());
  const labelAt = header.indexOf(label);
  if (labelAt < 0) {
    throw new InputError(`no column "${label}" for the label; the columns are: ${header.join(', ')}`, {
      file,
      line: 1,
    });
  }
  header.forEach((name, i) => {
    if (name === '') throw new InputError(`column ${i + 1} has no name`, { file, line: 1 });
    if (header.indexOf(name) !== i) throw new InputError(`column "${name}" appears twice`, { file, line: 1 });
  });
  const width = header.length;
  const cols = width - 1;
  const rows = lines.length - 1;
  const x = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const lineNo = r + 2;
    const fields = strip(lines[r + 1] as string).split(',');
    if (fields.length !== width) {
      throw new InputError(`has ${fields.length} fields, the header has ${width}`, { file, line: lineNo });
    }
    let j = 0;
    for (let c = 0; c < width; c++) {
      const cell = fields[c] as string;
      const v = parseCell(cell);
      const name = header[c] as string;
      if (v === undefined) {
        const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
        throw new InputError(`column ${c + 1} ("${name}"): "${shown}" is not a number`, {
          file,
          line: lineNo,
        });
      }
      if (c === labelAt) {
        if (!Number.isFinite(v)) {
          throw new InputError(
            `column ${c + 1} ("${name}"): the label must be a finite number, got "${cell}"`,
            {
              file,
              line: lineNo,
            },
          );
        }
        y[r] = v;
      } else x[r * cols + j++] = v;
    }
  }
  return { rows, cols, x, y, featureNames: header.filter((_, i) => i !== labelAt) };
}
