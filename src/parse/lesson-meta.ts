/** Frontmatter data → validated `LessonMeta` (defaults filled in, wrong types reported). */
import type { Diagnostic, LessonMeta, TerminalSettings } from '../types.ts';

/** Terminal defaults when the frontmatter says nothing. */
export const DEFAULT_TERMINAL: TerminalSettings = { cols: 80, rows: 24, prompt: '$ ', theme: 'dark' };

const KNOWN = new Set(['title', 'voice', 'workdir', 'pace', 'terminal']);

/** Checks each known key's type; a wrong value is a diagnostic and the default is used. */
export function lessonMeta(data: Record<string, unknown>, file: string, keyLine: (key: string) => number): { meta: LessonMeta; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const bad = (key: string, want: string, value: unknown) =>
    diagnostics.push({
      code: 'invalid-frontmatter', severity: 'error', file, line: keyLine(key.split('.')[0]), column: 1,
      message: `frontmatter \`${key}\` must be ${want}, not ${JSON.stringify(value)}`,
    });
  const str = (key: string): string | undefined => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    bad(key, 'text', v);
    return undefined;
  };
  const meta: LessonMeta = {
    title: str('title')?.trim() || undefined,
    voice: str('voice'),
    workdir: str('workdir') ?? '.',
    pace: 'sequential',
    terminal: { ...DEFAULT_TERMINAL },
    extra: {},
  };
  if (meta.voice === undefined) delete meta.voice;
  if (meta.title === undefined) delete meta.title;
  if (data.pace !== undefined && data.pace !== null) {
    if (data.pace === 'sequential' || data.pace === 'overlap') meta.pace = data.pace;
    else bad('pace', '"sequential" or "overlap"', data.pace);
  }
  const term = data.terminal;
  if (term !== undefined && term !== null) {
    if (typeof term !== 'object' || Array.isArray(term)) bad('terminal', 'a mapping (cols, rows, prompt, theme)', term);
    else {
      const t = term as Record<string, unknown>;
      for (const key of ['cols', 'rows'] as const) {
        if (t[key] === undefined) continue;
        if (typeof t[key] === 'number' && Number.isInteger(t[key]) && (t[key] as number) > 0 && (t[key] as number) <= 1000) meta.terminal[key] = t[key] as number;
        else bad(`terminal.${key}`, 'a whole number from 1 to 1000', t[key]);
      }
      for (const key of ['prompt', 'theme'] as const) {
        if (t[key] === undefined) continue;
        if (typeof t[key] === 'string') meta.terminal[key] = t[key] as string;
        else bad(`terminal.${key}`, 'text', t[key]);
      }
    }
  }
  for (const [k, v] of Object.entries(data)) if (!KNOWN.has(k)) meta.extra[k] = v;
  return { meta, diagnostics };
}
