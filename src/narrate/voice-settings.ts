/** Which engine, voice, rate and pitch a lesson is spoken with: frontmatter > course config > the neural voice if installed > festival. */
import type { LessoncastConfig, VoiceConfig } from '../config.ts';
import type { LessonMeta } from '../types.ts';
import { defaultEngineName } from './engines/index.ts';
import { BUILTIN_ENGINE_NAMES, ENGINE_ALIASES } from '../schema/lessoncast-schema.ts';

/** The voice a lesson is spoken with; `voice` undefined means the engine's default. */
export interface VoiceSettings {
  engine: string;
  voice?: string;
  rate?: number;
  pitch?: number;
}

const ENGINE_NAMES: string[] = [...BUILTIN_ENGINE_NAMES, ...Object.keys(ENGINE_ALIASES)];

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
}

/**
 * Resolves the voice. Frontmatter `voice:` is `engine:voice` (`flite:slt`), an engine name
 * (`espeak-ng`), or a voice name of the course's engine; frontmatter `rate:` and `pitch:` override
 * the config's. `override` (benchmarks, tests) wins over both.
 */
export function voiceSettings(config: LessoncastConfig, meta?: Pick<LessonMeta, 'voice' | 'extra' | 'rate' | 'pitch'>, override?: VoiceConfig): VoiceSettings {
  const base = config.voice ?? {};
  let engine = base.engine;
  let voice = base.voice;
  const fm = meta?.voice?.trim();
  if (fm) {
    const colon = fm.indexOf(':');
    if (colon > 0) { engine = fm.slice(0, colon).trim(); voice = fm.slice(colon + 1).trim() || undefined; }
    else if (ENGINE_NAMES.includes(fm) || Object.hasOwn((config as { engines?: object }).engines ?? {}, fm)) {
      if (fm !== engine) voice = undefined;
      engine = fm;
    } else voice = fm;
  }
  let rate = meta?.rate ?? num(meta?.extra?.rate) ?? base.rate;
  let pitch = meta?.pitch ?? num(meta?.extra?.pitch) ?? base.pitch;
  if (override) {
    if (override.engine && override.engine !== engine) { engine = override.engine; voice = undefined; }
    if (override.voice) voice = override.voice;
    if (override.rate !== undefined) rate = override.rate;
    if (override.pitch !== undefined) pitch = override.pitch;
  }
  engine ??= defaultEngineName(voice);
  if (engine === 'espeak') engine = 'espeak-ng';
  const out: VoiceSettings = { engine };
  if (voice) out.voice = voice;
  if (rate !== undefined && rate > 0 && rate !== 1) out.rate = rate;
  if (pitch) out.pitch = pitch;
  return out;
}
