/**
 * Replacing spans of a stream that arrives in pieces (a cast's output events, a pty's chunks): a span
 * may start in one piece and end in a later one, as a token printed by a command often does. Pure.
 */

/**
 * The pieces with each span [start, end) of their concatenation replaced by `replacement(span)`: the
 * replacement goes into the piece where the span starts, and the span's text is taken out of every
 * piece it covers. `spans` are sorted and do not overlap.
 */
export function rewriteStream(pieces: readonly string[], spans: readonly [number, number][], replacement: (span: [number, number]) => string): string[] {
  if (spans.length === 0) return [...pieces];
  const out: string[] = [];
  let pos = 0;
  let k = 0;
  for (const piece of pieces) {
    const start = pos;
    const end = pos + piece.length;
    pos = end;
    let text = '';
    let at = start;
    while (k < spans.length && spans[k][0] < end) {
      const [a, b] = spans[k];
      if (a >= at) text += piece.slice(at - start, a - start) + replacement(spans[k]);
      at = Math.max(at, Math.min(b, end));
      if (b > end) break;
      k++;
    }
    text += piece.slice(at - start);
    out.push(text);
    while (k < spans.length && spans[k][1] <= end) k++;
  }
  return out;
}
