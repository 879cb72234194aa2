/**
 * What a recording shows a command print (lint compares it with the script, docs/check.md): its
 * output events after Enter replayed in a headless terminal, without the prompt line before them
 * and the next prompt after them.
 */
import type { Cast } from '../casts/types.ts';
import { terminalText } from './terminal-text.ts';

/** Output lines of a recorded command; `typedAt`: when Enter was pressed (none: the cast is output only); `prompts`: the prompts it may end with. */
export async function recordingOutput(cast: Cast, typedAt: number | undefined, prompts: readonly string[]): Promise<string[]> {
  const out = cast.events.filter((e) => e.code === 'o');
  let after = out;
  if (typedAt !== undefined) {
    // Everything up to Enter is the prompt and the typing; the echo of Enter ends that line.
    const first = out.findIndex((e) => e.time > typedAt);
    after = first === -1 ? [] : out.slice(first);
    const head = out.slice(0, first === -1 ? out.length : first).map((e) => e.data).join('');
    if (!/\r?\n$/.test(head) && after.length) after = [{ ...after[0], data: after[0].data.replace(/^\r?\n/, '') }, ...after.slice(1)];
  }
  const lines = await terminalText(after.map((e) => e.data).join(''), cast.cols);
  const last = lines.at(-1);
  if (last !== undefined && prompts.some((p) => p.trim() !== '' && last.trim() === p.trim())) lines.pop();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}
