/**
 * Aligns the commands a session recorded with the script's commands, in order (pure). A classic
 * global alignment (Needleman–Wunsch) written out here: it is a dozen lines over two short lists,
 * and what counts as a match (placeholders, near misses) is ours.
 */
import { distance } from 'fastest-levenshtein';
import { normalizeCommand } from './recording-kind.ts';

/** One step of the alignment: a pair, or a command on one side only (the other is null). */
export interface CommandPair {
  recorded: number | null;
  script: number | null;
  /** A pair whose texts are not the same (a near miss: typo, other flags). */
  differs: boolean;
}

/** A script command to align: its text, and a pattern when it holds placeholders. */
export interface ScriptCommand {
  text: string;
  pattern: RegExp | null;
}

const SAME = 3;
const NEAR = 1;
/** Two commands this similar (1 − edit distance / longer length) are the same command, retyped. */
export const NEAR_SIMILARITY = 0.6;

/** How well a recorded command stands for a script command: SAME, NEAR, or null (not at all). */
function score(recorded: string, script: ScriptCommand): number | null {
  const a = normalizeCommand(recorded);
  const b = normalizeCommand(script.text);
  if (a === b || script.pattern?.test(a)) return SAME;
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return null;
  return 1 - distance(a, b) / longer >= NEAR_SIMILARITY ? NEAR : null;
}

/** Above this many cells (a very long session against a very long lesson) the table would cost too much memory. */
const MAX_CELLS = 2_000_000;

/** In-order pairing without the table: each recorded command takes the next script command it stands for. */
function greedyAlign(recorded: string[], script: ScriptCommand[]): CommandPair[] {
  const out: CommandPair[] = [];
  let j = 0;
  recorded.forEach((r, i) => {
    let k = j;
    while (k < script.length && score(r, script[k]) !== SAME) k++;
    if (k === script.length) { out.push({ recorded: i, script: null, differs: false }); return; }
    for (; j < k; j++) out.push({ recorded: null, script: j, differs: false });
    out.push({ recorded: i, script: k, differs: false });
    j = k + 1;
  });
  for (; j < script.length; j++) out.push({ recorded: null, script: j, differs: false });
  return out;
}

/** The best order-keeping pairing of recorded and script commands; every index appears once. */
export function alignCommands(recorded: string[], script: ScriptCommand[]): CommandPair[] {
  const n = recorded.length;
  const m = script.length;
  if (n * m > MAX_CELLS) return greedyAlign(recorded, script);
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const pair: (number | null)[][] = Array.from({ length: n + 1 }, () => new Array<number | null>(m + 1).fill(null));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) {
      const s = score(recorded[i], script[j]);
      pair[i][j] = s;
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], s === null ? -Infinity : s + best[i + 1][j + 1]);
    }
  const out: CommandPair[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = pair[i][j];
    if (s !== null && best[i][j] === s + best[i + 1][j + 1]) { out.push({ recorded: i, script: j, differs: s !== SAME }); i++; j++; }
    else if (best[i][j] === best[i][j + 1]) { out.push({ recorded: null, script: j, differs: false }); j++; }
    else { out.push({ recorded: i, script: null, differs: false }); i++; }
  }
  for (; i < n; i++) out.push({ recorded: i, script: null, differs: false });
  for (; j < m; j++) out.push({ recorded: null, script: j, differs: false });
  return out;
}
