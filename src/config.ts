/**
 * Course configuration: `lessoncast.config.ts` (or .mjs/.js) at the course root, all optional.
 * Loaded through jiti, checked against the schema (src/schema/lessoncast-schema.ts): bad keys are
 * diagnostics at their line, and the rest of the config still applies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LessoncastError } from './errors.ts';
import type { LessoncastConfig } from './schema/lessoncast-schema.ts';
import type { Diagnostic } from './types.ts';

export { defineConfig } from './define-config.ts';
export type { AudioConfig, VideoConfig, VoiceConfig } from './define-config.ts';
export type { LessoncastConfig } from './schema/lessoncast-schema.ts';

// The public API next to this module: src/index.ts under tsx and vitest, dist/index.js when installed.
const PUBLIC_API = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './index.ts' : './index.js', import.meta.url));

/** Config file names, in the order they are looked for. */
export const CONFIG_NAMES = ['lessoncast.config.ts', 'lessoncast.config.mts', 'lessoncast.config.mjs', 'lessoncast.config.js', 'lessoncast.config.json'];

/** The config file of a course root, or null. */
export function findConfigFile(root: string): string | null {
  for (const name of CONFIG_NAMES) if (existsSync(join(root, name))) return join(root, name);
  return null;
}

/** A loaded config: its valid part, its file, and what is wrong in it. */
export interface LoadedConfig { config: LessoncastConfig; file: string | null; diagnostics: Diagnostic[] }

/** Loads and checks the course config if there is one; `{}` otherwise. A config that cannot run is an environment error. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const file = findConfigFile(root);
  if (!file) return { config: {}, file: null, diagnostics: [] };
  let raw: unknown;
  try {
    // jiti loads a .ts config whatever the course's package.json says, and resolves
    // `import { defineConfig } from 'lessoncast'` even where lessoncast is not installed (global
    // install) to this very package. Its file cache makes the second load ~10 ms instead of ~300.
    const { createJiti } = await import('jiti');
    const jiti = createJiti(import.meta.url, { alias: { lessoncast: PUBLIC_API }, moduleCache: false, fsCache: true });
    // Evaluated from its source, not imported: Node's loader keeps an imported .mjs/.js module for
    // the life of the process, so `dev` and `build --watch` would never see an edit of the config.
    const source = readFileSync(file, 'utf8');
    if (extname(file) === '.json') raw = JSON.parse(source);
    else {
      const mod = (await jiti.evalModule(source, { filename: file, ext: extname(file), async: true, forceTranspile: true })) as { default?: unknown; config?: unknown };
      raw = mod.default ?? mod.config ?? {};
    }
  } catch (err) {
    throw new LessoncastError('CONFIG_INVALID', `${file}: could not be loaded: ${(err as Error).message}`,
      'Fix the error in the config file; it must `export default defineConfig({...})`.', { cause: err });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new LessoncastError('CONFIG_INVALID', `${file}: the default export is not an object`, 'Export `defineConfig({...})` as default.');
  const { config, diagnostics } = await checkConfig(raw, file, relative(root, file) || file);
  return { config, file, diagnostics };
}

/** Checks a config object against the schema; `shown` is the file name used in diagnostics. */
export async function checkConfig(raw: unknown, file: string | null, shown = 'lessoncast.config.ts'): Promise<{ config: LessoncastConfig; diagnostics: Diagnostic[] }> {
  const [{ configSchema }, { validateWithSchema }, { locateConfigKeys }] = await Promise.all([
    import('./schema/lessoncast-schema.ts'), import('./schema/validate-schema.ts'), import('./schema/locate-config-keys.ts'),
  ]);
  let places: Map<string, { line: number; column: number }> | null = null;
  const locate = (path: readonly PropertyKey[]) => {
    if (!file) return null;
    places ??= locateConfigKeys(readFileSync(file, 'utf8'));
    return places.get(path.map(String).join('.')) ?? null;
  };
  const r = validateWithSchema(configSchema, raw, { file: shown, locate, label: 'config', codes: { unknownKey: 'unknown-config-key', invalid: 'invalid-config' } });
  const diagnostics = [...r.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  return { config: r.value as LessoncastConfig, diagnostics };
}
