/**
 * Speech clips in the store: a synthesized chunk (kind `speech`) or a converted voice-over clip
 * (kind `voice-over`) is one entry holding `audio.wav` (the common format, src/narrate/wav.ts) and
 * its duration and loudness. A warm run reads only the entries' small JSON. Keys come from the
 * store's one key function over the inputs it lists (src/store/artifact-inputs.ts).
 */
import { keyFor } from '../store/artifact-inputs.ts';
import type { Store, StoreKey } from '../store/store.ts';
import type { SpokenWordTime } from './types.ts';

/** Everything that changes a chunk's audio. `text` is the spoken form, so lexicon edits show up here. */
export interface SpeechKeyParts {
  engine: string;
  /** What else decides the engine's voice (model, endpoint): `SpeechEngine.identity()`. */
  identity?: Record<string, unknown> | null;
  voice: string;
  rate?: number;
  pitch?: number;
  sampleRate: number;
  text: string;
}

/** What an entry says about its clip. */
export interface ClipMeta {
  duration: number;
  sampleRate: number;
  /** Integrated loudness (LUFS), or null when the clip is too short or silent to have one. */
  loudness: number | null;
  /** What was said and by whom, or which file it came from: for people reading the store. */
  engine?: string;
  voice?: string;
  text?: string;
  source?: string;
  /** When each spoken token is said (seconds from the clip's start): the engine's, or aligned. */
  words?: SpokenWordTime[];
}

/** A clip in the store. */
export interface CachedClip extends ClipMeta { wavFile: string }

/** The file name of the audio in a clip's entry. */
export const CLIP_FILE = 'audio.wav';

/** The key of a speech chunk. */
export function speechKey(parts: SpeechKeyParts): StoreKey {
  return keyFor('speech', {
    engine: { name: parts.engine, identity: parts.identity ?? null },
    voice: parts.voice, rate: parts.rate ?? 1, pitch: parts.pitch ?? 0, sampleRate: parts.sampleRate, text: parts.text,
  });
}

/** The key of a voice-over clip's conversion: the digest of the author's file and the mix rate. */
export function voiceOverKey(clipDigest: string, sampleRate: number): StoreKey {
  return keyFor('voice-over', { clip: clipDigest, sampleRate });
}

/** The clip stored under `key`, or null on a miss. */
export async function readClip(store: Store, key: StoreKey): Promise<CachedClip | null> {
  const entry = await store.get(key);
  const wav = entry?.files[CLIP_FILE];
  const m = entry?.meta as Partial<ClipMeta> | undefined;
  if (!wav || !m || typeof m.duration !== 'number' || typeof m.sampleRate !== 'number') return null;
  return { ...(m as ClipMeta), loudness: typeof m.loudness === 'number' ? m.loudness : null, wavFile: wav };
}

/** Puts a clip (the WAV at `wav` is moved into the store) and returns it as stored. */
export async function putClip(store: Store, key: StoreKey, wav: string, meta: ClipMeta): Promise<CachedClip> {
  const entry = await store.put(key, { [CLIP_FILE]: wav }, { ...meta });
  return { ...(entry.meta as unknown as ClipMeta), wavFile: entry.files[CLIP_FILE] };
}
