/**
 * The speech cache: one WAV per spoken chunk in `<cacheDir>/speech/<hash>.wav`, with a small JSON
 * of its duration, keyed by everything that changes the audio. A warm run reads only the JSONs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';
import type { SpokenWordTime } from './types.ts';

/** Bump when the audio format or the way chunks are made changes: every old entry misses. */
export const CACHE_VERSION = 1;

/** Everything that changes a chunk's audio. `text` is the spoken form, so lexicon edits show up here. */
export interface SpeechKeyParts {
  engine: string;
  voice: string;
  rate?: number;
  pitch?: number;
  sampleRate: number;
  text: string;
}

/** What the JSON beside each cached WAV holds. */
export interface CachedClip {
  duration: number;
  sampleRate: number;
  /** What was said and by whom: for people reading the cache. */
  engine?: string;
  voice?: string;
  text?: string;
  source?: string;
  /** When each spoken token is said (seconds from the clip's start): the engine's, or aligned. */
  words?: SpokenWordTime[];
}

/** Hash of the parts (hex, 32 chars). */
export function speechKey(parts: SpeechKeyParts): string {
  const canonical = JSON.stringify([CACHE_VERSION, parts.engine, parts.voice, parts.rate ?? 1, parts.pitch ?? 0, parts.sampleRate, parts.text]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The cache folder for one kind of clip (`speech`, `voice-over`), created on demand. */
export function clipDir(cacheDir: string, kind: 'speech' | 'voice-over'): string {
  const dir = join(cacheDir, kind);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Paths of a cached clip. */
export function clipPaths(dir: string, key: string): { wav: string; meta: string } {
  return { wav: join(dir, `${key}.wav`), meta: join(dir, `${key}.json`) };
}

/** The cached clip's description, or null on a miss. The JSON is written last, so it proves the WAV is whole. */
export function readClipMeta(dir: string, key: string): (CachedClip & { wavFile: string }) | null {
  const { wav, meta } = clipPaths(dir, key);
  try {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as CachedClip;
    if (typeof m.duration !== 'number' || typeof m.sampleRate !== 'number') return null;
    // Someone may have cleaned WAVs out of the cache by hand: then it is a miss.
    if (!existsSync(wav)) return null;
    return { ...m, wavFile: wav };
  } catch {
    return null;
  }
}

/** Records a clip whose WAV is already in place. */
export function writeClipMeta(dir: string, key: string, meta: CachedClip): void {
  writeFileAtomicSync(clipPaths(dir, key).meta, JSON.stringify(meta) + '\n');
}
