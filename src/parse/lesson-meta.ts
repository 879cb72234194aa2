/** Frontmatter data → validated `LessonMeta`: checked by the schema, defaults filled in, bad keys reported at their line. */
import { DEFAULT_PACE, frontmatterSchema, type Pace } from '../schema/lessoncast-schema.ts';
import { validateWithSchema, type KeyPlace } from '../schema/validate-schema.ts';
import type { Diagnostic, LessonMeta, TerminalSettings } from '../types.ts';

/** Terminal defaults when the frontmatter says nothing. */
export const DEFAULT_TERMINAL: TerminalSettings = { cols: 80, rows: 24, prompt: '$ ', theme: 'dark' };

/**
 * Checks the frontmatter against the schema; a bad value is a diagnostic and its default is used,
 * an unknown key is a diagnostic with the nearest known key (and is kept in `extra`).
 * `locate` gives where a key path is written; `defaultPace` is the course config's `pace`, if any.
 */
export function lessonMeta(data: Record<string, unknown>, file: string, locate: (path: readonly PropertyKey[]) => KeyPlace | null, defaultPace: Pace = DEFAULT_PACE): { meta: LessonMeta; diagnostics: Diagnostic[] } {
  const { value, diagnostics } = validateWithSchema(frontmatterSchema, data, {
    file, locate, label: 'frontmatter', codes: { unknownKey: 'unknown-frontmatter-key', invalid: 'invalid-frontmatter' },
  });
  const title = value.title === undefined ? undefined : String(value.title).trim() || undefined;
  const meta: LessonMeta = {
    ...(title !== undefined ? { title } : {}),
    ...(value.voice !== undefined ? { voice: value.voice } : {}),
    workdir: value.workdir ?? '.',
    pace: value.pace ?? defaultPace,
    terminal: { ...DEFAULT_TERMINAL, ...value.terminal },
    // A typing key with a bad value is reported and left out: nothing left, nothing to keep.
    ...(value.typing && Object.keys(value.typing).length ? { typing: value.typing } : {}),
    ...(value.rate !== undefined ? { rate: value.rate } : {}),
    ...(value.pitch !== undefined ? { pitch: value.pitch } : {}),
    ...(value.camera !== undefined ? { camera: value.camera } : {}),
    extra: {},
  };
  const known = new Set(Object.keys(frontmatterSchema.shape));
  for (const [k, v] of Object.entries(data)) if (!known.has(k)) meta.extra[k] = v;
  return { meta, diagnostics };
}
