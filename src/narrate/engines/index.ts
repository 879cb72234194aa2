/** The speech engines lessoncast knows, and the one a course asks for. */
import { createRequire } from 'node:module';
import { LessoncastError } from '../../errors.ts';
import type { LessoncastConfig } from '../../config.ts';
import type { SpeechEngine } from '../types.ts';
import { festivalEngine } from './festival.ts';
import { fliteEngine } from './flite.ts';
import { espeakEngine } from './espeak-ng.ts';
import { openaiEngine } from './openai.ts';
import { piperEngine } from './piper.ts';
import { elevenlabsEngine } from './elevenlabs.ts';
import { azureEngine } from './azure.ts';
import { catalogueVoice, DEFAULT_NEURAL_VOICE } from '../voices/voice-catalogue.ts';
import { installedVoice } from '../voices/installed-voices.ts';

/** The engine when nothing better is installed: festival with cmu_us_slt_arctic_hts. */
export const DEFAULT_ENGINE = 'festival';

/** True when onnxruntime-node (an optional dependency) is installed; it is loaded only when a voice speaks. */
export function hasRuntime(): boolean {
  try {
    createRequire(import.meta.url).resolve('onnxruntime-node');
    return true;
  } catch {
    // Not installed (its install script failed, or it was left out): festival speaks instead.
    return false;
  }
}

/**
 * The engine of a course that names none: the neural voice when it is installed (`lessoncast
 * voices add en_US-joe-medium`) and its runtime loads, else festival. `voice`, when the course
 * names a voice but no engine, decides: a Piper voice's name means piper, anything else festival.
 */
export function defaultEngineName(voice?: string): string {
  const neural = voice ?? DEFAULT_NEURAL_VOICE;
  if (voice && !installedVoice(voice) && !catalogueVoice(voice)) return DEFAULT_ENGINE;
  return installedVoice(neural) && hasRuntime() ? 'piper' : DEFAULT_ENGINE;
}

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
  return [festivalEngine, fliteEngine, espeakEngine, piperEngine, openaiEngine(), elevenlabsEngine(), azureEngine()];
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
  const wanted = (name ?? defaultEngineName()).trim();
  // 'espeak' is what people type; the Debian package and binary are espeak-ng.
  const alias = wanted === 'espeak' ? 'espeak-ng' : wanted;
  const own = configEngines(config)[alias];
  if (own) return own;
  const found = allEngines(config).find((e) => e.name === alias);
  if (found) return found;
  throw new LessoncastError('ENGINE_UNKNOWN', `Unknown speech engine "${wanted}".`,
    `Use one of: ${allEngines(config).map((e) => e.name).join(', ')}; or register your own under \`engines\` in lessoncast.config.ts (defineEngine).`);
}
