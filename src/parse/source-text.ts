/** The script text as the parser reads it: BOM stripped, line endings LF, with offset → line:column. */

/** Normalised source plus what was changed (so lint can mention it, positions stay right). */
export interface SourceText {
  text: string;
  hadBom: boolean;
  hadCrlf: boolean;
  /** Offset of the first character of each line. */
  lineStarts: number[];
}

/**
 * Strips a UTF-8 BOM and turns CRLF / lone CR into LF. Every line keeps its number, and columns
 * count characters of the line as an editor shows them (the BOM is invisible there too).
 */
export function sourceText(raw: string): SourceText {
  const hadBom = raw.charCodeAt(0) === 0xfeff;
  let text = hadBom ? raw.slice(1) : raw;
  const hadCrlf = text.includes('\r');
  if (hadCrlf) text = text.replace(/\r\n?/g, '\n');
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { text, hadBom, hadCrlf, lineStarts };
}

/** 1-based line and column of a character offset. */
export function lineColumn(src: SourceText, offset: number): { line: number; column: number } {
  const starts = src.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

