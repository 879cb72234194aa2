/**
 * Written output against real output (docs/check.md): equal when their normalized lines are equal
 * (normalize-output.ts); otherwise a unified diff (jsdiff) of the two, found on the normalized lines
 * and shown with the lines as they are, so the reader sees the real text that differs. Pure.
 */
import { diffArrays, structuredPatch } from 'diff';
import { normalizeLine, type NormalizeOptions } from './normalize-output.ts';

/** The outcome of a comparison. */
export interface OutputComparison {
  same: boolean;
  /** Unified diff from the written to the real output (empty when they are the same). */
  diff: string;
  /** Lines that differ on each side (normalized), for a one-line message. */
  firstDifference: { written: string | null; real: string | null } | null;
}

/** Lines without the blank lines at either end (as the script holds them). */
export function trimBlankLines(lines: readonly string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === '') a++;
  while (b > a && lines[b - 1].trim() === '') b--;
  return lines.slice(a, b).map((l) => l.replace(/\r$/, ''));
}

/** Compares two outputs line by line after normalizing both; `labels` head the diff (`--- written`, `+++ real`). */
export function compareOutput(writtenLines: readonly string[], realLines: readonly string[], opts: NormalizeOptions & { labels?: [string, string]; context?: number } = {}): OutputComparison {
  const written = trimBlankLines(writtenLines);
  const real = trimBlankLines(realLines);
  const wn = written.map((l) => normalizeLine(l, opts));
  const rn = real.map((l) => normalizeLine(l, opts));
  if (wn.length === rn.length && wn.every((l, i) => l === rn[i])) return { same: true, diff: '', firstDifference: null };
  const text = (lines: string[]) => (lines.length ? lines.join('\n') + '\n' : '');
  const [from, to] = opts.labels ?? ['written', 'real'];
  const patch = structuredPatch(from, to, text(wn), text(rn), '', '', { context: opts.context ?? 2 });
  const out = [`--- ${from}`, `+++ ${to}`];
  let first: OutputComparison['firstDifference'] = null;
  for (const h of patch.hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    // Lines are found on the normalized text and shown as written (`-`, context) or as printed (`+`).
    let o = h.oldStart - 1;
    let n = h.newStart - 1;
    for (const line of h.lines) {
      const mark = line[0];
      if (mark === '\\') continue; // "\ No newline at end of file": both texts end with one
      if (mark === '-') {
        first ??= { written: wn[o], real: null };
        out.push(`-${written[o++]}`);
      } else if (mark === '+') {
        if (first && first.real === null && first.written !== null) first.real = rn[n];
        first ??= { written: null, real: rn[n] };
        out.push(`+${real[n++]}`);
      } else {
        out.push(` ${written[o++]}`);
        n++;
      }
    }
  }
  return { same: false, diff: out.join('\n'), firstDifference: first };
}

/**
 * The output to write into the script: the real lines, except where a written line says the same
 * (equal once normalized), which is kept as written; so `check --update` changes only what differs,
 * not the dates and ages of the lines around it.
 */
export function mergedOutput(writtenLines: readonly string[], realLines: readonly string[], opts: NormalizeOptions = {}): string[] {
  const written = trimBlankLines(writtenLines);
  const real = trimBlankLines(realLines);
  const wn = written.map((l) => normalizeLine(l, opts));
  const rn = real.map((l) => normalizeLine(l, opts));
  const out: string[] = [];
  let o = 0;
  let n = 0;
  for (const part of diffArrays(wn, rn)) {
    const count = part.value.length;
    if (part.removed) o += count;
    else if (part.added) { out.push(...real.slice(n, n + count)); n += count; }
    else { out.push(...written.slice(o, o + count)); o += count; n += count; }
  }
  return out;
}
