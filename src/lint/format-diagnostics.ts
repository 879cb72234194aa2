/** Diagnostics as text for people: `file:line:col severity code message (hint)`, grouped by file. */
import pc from 'picocolors';
import type { Diagnostic } from '../types.ts';

/** Counts by severity. */
export function countSeverities(diags: Diagnostic[]): Record<Diagnostic['severity'], number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const d of diags) c[d.severity]++;
  return c;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The findings of one lesson (or of the config file: `casts: false`, no cast summary); `summary` replaces the cast summary (check). */
export interface LintGroup { slug: string; diagnostics: Diagnostic[]; casts?: boolean; summary?: string }

/**
 * One line per diagnostic (infos about casts folded into a summary line per lesson). `quiet`
 * (`-q`): the problems only, errors and warnings, without infos and summary lines.
 */
export function formatDiagnostics(lessons: LintGroup[], color = false, quiet = false): string {
  const c = color ? pc : pc.createColors(false);
  const sev = { error: c.red('error'), warning: c.yellow('warning'), info: c.blue('info') };
  const lines: string[] = [];
  for (const { slug, diagnostics, casts, summary } of lessons) {
    if (quiet) {
      for (const d of diagnostics) if (d.severity !== 'info') lines.push(`${c.bold(`${d.file}:${d.line}:${d.column}`)} ${sev[d.severity]} ${c.dim(d.code)} ${d.message}${d.hint ? c.dim(` (${d.hint})`) : ''}`);
      continue;
    }
    const shown = diagnostics.filter((d) => !d.code.startsWith('cast-'));
    const recorded = diagnostics.filter((d) => d.code === 'cast-recorded').length;
    const synthesized = diagnostics.filter((d) => d.code === 'cast-synthesized').length;
    for (const d of shown) {
      lines.push(`${c.bold(`${d.file}:${d.line}:${d.column}`)} ${sev[d.severity]} ${c.dim(d.code)} ${d.message}${d.hint ? c.dim(` (${d.hint})`) : ''}`);
      // A diff under its finding, indented, its lines coloured as a diff tool does.
      if (d.detail) for (const l of d.detail.split('\n')) lines.push(`    ${l.startsWith('+') && !l.startsWith('+++') ? c.green(l) : l.startsWith('-') && !l.startsWith('---') ? c.red(l) : l.startsWith('@@') ? c.cyan(l) : l}`);
    }
    const counts = countSeverities(shown);
    lines.push(`${c.bold(slug)}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}${summary !== undefined ? `; ${summary}` : casts === false ? '' : `; casts: ${recorded} recorded, ${synthesized} synthesized`}`);
    lines.push('');
  }
  return quiet ? lines.map((l) => l + '\n').join('') : lines.join('\n');
}
