/**
 * The lesson IR with every secret masked (docs/security.md, "Secrets"): what the deck, the video, the
 * site, `inspect` and `timeline` read, so a token in a command, its written output, a popup or a
 * note reaches none of them. `record` and `check` read the script as written: they run it. Pure.
 */
import type { Lesson } from '../types.ts';
import { findSecrets, redactSecrets, type SecretPattern } from './redact-secrets.ts';

/** Keys of IR nodes that hold the author's text (ids, files and kinds never hold a secret, and must not change). */
const TEXT_KEYS = new Set(['command', 'output', 'raw', 'text', 'plain', 'code', 'message', 'hint', 'title', 'heading']);

/** The lesson with its secrets masked; `source` is the script it was parsed from (no secret in it: the lesson as is). */
export function redactLesson(lesson: Lesson, source: string, extra: readonly SecretPattern[] = []): Lesson {
  // Every text of the IR comes from the script: a script without secrets needs no walk.
  if (findSecrets(source, extra).length === 0) return lesson;
  const walk = (v: unknown, masked: boolean): unknown => {
    if (typeof v === 'string') return masked ? redactSecrets(v, extra) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, masked));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, masked || TEXT_KEYS.has(k));
      return out;
    }
    return v;
  };
  return walk(lesson, false) as Lesson;
}
