// Lines and number tokens of a model file, strictly: a corrupted digit must fail loudly rather than read as
// something else (Number('') is 0, Number('0x1f') is 31, parseFloat('1.5abc') is 1.5).

export interface Line {
  /** 1-based line number. */
  readonly no: number;
  /** The line without its end-of-line characters. */
  readonly text: string;
  /** Offset of the line's first character in the file text. */
  readonly start: number;
}

/** Splits text into lines; `\r\n` and `\n` both end a line. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let no = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const cut = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    lines.push({ no, text: text.slice(start, cut), start });
    start = end + 1;
    no++;
  }
  return lines;
}

/** Space-separated tokens, empty ones skipped (LightGBM's Common::Split). */
export function splitTokens(value: string): string[] {
  return value.split(' ').filter((t) => t !== '');
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INTEGER = /^[+-]?[0-9]+$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** A floating-point token as LightGBM writes them (%.17g, and `inf`/`nan`); undefined when malformed. */
export function parseFloatToken(token: string): number | undefined {
  if (DECIMAL.test(token)) return Number(token);
  const special = SPECIAL.exec(token);
  if (special === null) return undefined;
  if ((special[2] as string).toLowerCase() === 'nan') return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

/** An integer token within [min, max]; undefined when malformed or out of range. */
export function parseIntToken(token: string, min: number, max: number): number | undefined {
  if (!INTEGER.test(token)) return undefined;
  const value = Number(token);
  return value >= min && value <= max ? value : undefined;
}
