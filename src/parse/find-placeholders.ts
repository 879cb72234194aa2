/** Placeholders an author left in a command, path or sentence: `...`, `curl....`, `xxxx`, `<pod-name>`. */
import type { Placeholder } from '../types.ts';

const IN_COMMAND = /\.{3,}|(?<![A-Za-z0-9])[xX]{2,}(?![A-Za-z0-9])|<[A-Za-z][\w .-]*>/g;
// In prose "..." is an ellipsis and <x> is HTML, so only runs of x count there.
const IN_PROSE = /(?<![A-Za-z0-9])[xX]{2,}(?![A-Za-z0-9])/g;

/** Placeholders in `text`, with 1-based columns counted from `firstColumn` (the text's own column). */
export function findPlaceholders(text: string, firstColumn = 1, where: 'command' | 'prose' = 'command'): Placeholder[] {
  const re = where === 'command' ? IN_COMMAND : IN_PROSE;
  return [...text.matchAll(re)].map((m) => ({ text: m[0], column: firstColumn + m.index! }));
}

/** `code ...`, `code xxxx`: the author has not named the file yet (`flagged`: the parser found a placeholder in it). */
export function isPlaceholderPath(path: string | undefined, flagged: boolean): boolean {
  const p = (path ?? '').trim();
  return flagged || p === '' || /^(\.{2,}|x{3,})$/i.test(p) || /\.{3,}/.test(p);
}
