/**
 * How deep frontmatter YAML nests, measured before the `yaml` package parses it: that parser
 * composes a collection inside a collection by calling itself, so 3000 nested `[` overflowed the
 * stack. A bound, never below the real depth: each column of indentation may open a block level,
 * each `- ` at a line's start a sequence, each unclosed `[` or `{` (quoted or not) a flow level.
 * The text of block scalars (`|`, `>`) is skipped: it is text, however far it is indented.
 */

/** The first line (1-based, within `yaml`) where the depth passes `max`, with that depth; null when it never does. */
export function yamlTooDeep(yaml: string, max: number): { line: number; depth: number } | null {
  let flow = 0;
  let scalarIndent = -1;
  const lines = yaml.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    let indent = 0;
    while (indent < line.length && line[indent] === ' ') indent++;
    if (scalarIndent !== -1) {
      if (indent > scalarIndent || line.trim() === '') continue;
      scalarIndent = -1;
    }
    let i = indent;
    let dashes = 0;
    while (line[i] === '-' && (line[i + 1] === ' ' || i + 1 === line.length)) { dashes++; i += 2; while (line[i] === ' ') i++; }
    let deepest = flow;
    for (; i < line.length; i++) {
      const c = line[i];
      if (c === '[' || c === '{') deepest = Math.max(deepest, ++flow);
      else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    const depth = indent + dashes + deepest;
    if (depth > max) return { line: n + 1, depth };
    if (/(?:^|[:-]\s+)[|>][0-9+-]*\s*(?:#.*)?$/.test(line.slice(indent))) scalarIndent = indent;
  }
  return null;
}
