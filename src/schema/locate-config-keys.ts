/**
 * Where each key of a config file's object literal is written: `voice.engine` → line 4, column 11.
 * Written by hand: the config is TypeScript or JavaScript, and the one TypeScript parser
 * (typescript) is a development tool, not shipped; a scanner of strings, comments, brackets and
 * `key:` pairs is enough to point a diagnostic at its line.
 */
import type { KeyPlace } from './validate-schema.ts';

/** Key path (joined by '.') → its place, for every `key:` inside object literals of `source`. */
export function locateConfigKeys(source: string): Map<string, KeyPlace> {
  const places = new Map<string, KeyPlace>();
  // One frame per open bracket: its key path, or null inside an array or a call.
  const stack: (string[] | null)[] = [];
  let pendingKey: { name: string; at: number } | null = null;
  let lastKey: string | null = null;
  let lastKeyAt = -1;
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const placeOf = (offset: number): KeyPlace => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const objectPath = (): string[] | null => stack.at(-1) ?? null;

  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '/' && source[i + 1] === '/') { i = source.indexOf('\n', i); if (i < 0) break; continue; }
    if (ch === '/' && source[i + 1] === '*') { const end = source.indexOf('*/', i + 2); i = end < 0 ? source.length : end + 2; continue; }
    if (ch === '"' || ch === "'" || ch === '`') {
      const start = i;
      i++;
      while (i < source.length && source[i] !== ch) i += source[i] === '\\' ? 2 : 1;
      const text = source.slice(start + 1, i);
      i++;
      lastKey = text;
      lastKeyAt = start;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      const start = i;
      while (i < source.length && /[\w$]/.test(source[i])) i++;
      lastKey = source.slice(start, i);
      lastKeyAt = start;
      continue;
    }
    if (ch === ':' && lastKey !== null && objectPath()) {
      const path = [...objectPath()!, lastKey];
      const name = path.join('.');
      if (!places.has(name)) places.set(name, placeOf(lastKeyAt));
      pendingKey = { name: lastKey, at: lastKeyAt };
      lastKey = null;
      i++;
      continue;
    }
    if (ch === '{') {
      const parent = objectPath();
      // `key: {` opens a nested object; the first object outside any other (defineConfig({...}),
      // export default {...}) is the config itself; any other `{` (a function body) is not config.
      const inObject = stack.some((f) => f !== null);
      stack.push(pendingKey && parent ? [...parent, pendingKey.name] : inObject ? null : []);
      pendingKey = null;
      lastKey = null;
      i++;
      continue;
    }
    if (ch === '[' || ch === '(') { stack.push(null); pendingKey = null; lastKey = null; i++; continue; }
    if (ch === '}' || ch === ']' || ch === ')') { stack.pop(); pendingKey = null; lastKey = null; i++; continue; }
    if (ch === ',' || ch === ';') { pendingKey = null; lastKey = null; }
    else if (!/\s/.test(ch)) lastKey = null;
    i++;
  }
  return places;
}
