/** The speech engines lessoncast knows, and the one a course asks for. */
import { LessoncastError } from '../../errors.ts';
import type { LessoncastConfig } from '../../config.ts';
import type { SpeechEngine } from '../types.ts';
import { festivalEngine } from './festival.ts';
import { fliteEngine } from './flite.ts';
import { espeakEngine } from './espeak-ng.ts';
import { openaiEngine } from './openai.ts';

/** The default engine: festival with cmu_us_slt_arctic_hts. */
export const DEFAULT_ENGINE = 'festival';

/**
 * Engines a course registers itself (`engines: { myvoice: defineEngine({...}) }` in its config):
 * how a cloud service plugs in without changes to lessoncast.
 */
export function configEngines(config: LessoncastConfig | undefined): Record<string, SpeechEngine> {
  const engines = (config as { engines?: Record<string, SpeechEngine> } | undefined)?.engines;
  return engines && typeof engines === 'object' ? engines : {};
}

/** Built-in engines, offline ones first (doctor lists these with their Debian packages). */
export function builtinEngines(): SpeechEngine[] {
  return [festivalEngine, fliteEngine, espeakEngine, openaiEngine()];
}

/** Every engine available to a course: built-ins, then the config's own (which win on a name clash). */
export function allEngines(config?: LessoncastConfig): SpeechEngine[] {
  const own = configEngines(config);
  const byName = new Map<string, SpeechEngine>();
  for (const e of builtinEngines()) byName.set(e.name, e);
  for (const [name, e] of Object.entries(own)) byName.set(name, { ...e, name: e.name ?? name });
  return [...byName.values()];
}

/** The engine named `name` (default festival), or an environment error listing the known ones. */
export function resolveEngine(name: string | undefined, config?: LessoncastConfig): SpeechEngine {
  const wanted = (name ?? DEFAULT_ENGINE).trim();
  // 'espeak' is what people type; the Debian package and binary are espeak-ng.
  const alias = wanted === 'espeak' ? 'espeak-ng' : wanted;
  const own = configEngines(config)[alias];
  if (own) return own;
  const found = allEngines(config).find((e) => e.name === alias);
  if (found) return found;
  throw new LessoncastError('ENGINE_UNKNOWN', `Unknown speech engine "${wanted}".`,
    `Use one of: ${allEngines(config).map((e) => e.name).join(', ')}; or register your own under \`engines\` in lessoncast.config.ts (defineEngine).`);
}
