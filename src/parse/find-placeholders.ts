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
