/**
 * Word times for a lesson's clips: the speech cache entry's own (festival's, at synthesis), else
 * aligned against festival once and written into the entry; voice-over clips aligned the same way
 * and cached in `<cache>/align/`. Without festival they stay unknown (the schedule estimates them).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomicSync } from '../../adapters/atomic-write.ts';
import { spokenText, type SpokenPart } from '../pronounce.ts';
import { readClipMeta, writeClipMeta } from '../speech-cache.ts';
import type { SpokenWordTime, WordTime } from '../types.ts';
import { alignToFestival } from './align-to-festival.ts';
import { writtenWordTimes } from './written-words.ts';

/** Bump when alignment changes: cached voice-over alignments are made again. */
const ALIGN_VERSION = 1;

/** The spoken word times of each chunk by its cache key (undefined: unknown, festival missing). */
export async function chunkWords(dir: string, chunks: { key: string; wav: string; spoken: string; empty: boolean }[]): Promise<Map<string, SpokenWordTime[] | undefined>> {
  const out = new Map<string, SpokenWordTime[] | undefined>();
  const pending: { key: string; wav: string; spoken: string }[] = [];
  for (const c of chunks) {
    if (out.has(c.key) || pending.some((p) => p.key === c.key)) continue;
    if (c.empty) { out.set(c.key, []); continue; }
    const meta = readClipMeta(dir, c.key);
    if (meta?.words) out.set(c.key, meta.words);
    else if (meta) pending.push(c);
  }
  const aligned = await alignToFestival(pending.map((p) => ({ wav: p.wav, texts: [p.spoken] })));
  for (const [i, p] of pending.entries()) {
    const words = aligned?.[i];
    out.set(p.key, words);
    const meta = readClipMeta(dir, p.key);
    if (words && meta) {
      const { wavFile: _w, ...entry } = meta;
      writeClipMeta(dir, p.key, { ...entry, words });
    }
  }
  return out;
}

/** The written words of a voice-over clip (relative to its start), aligned against festival saying its paragraph. */
export async function voiceOverWords(cacheDir: string, clip: { file: string; duration: number }, sentences: SpokenPart[][]): Promise<WordTime[]> {
  const texts = sentences.map(spokenText);
  const parts = sentences.flat();
  const st = statSync(clip.file, { throwIfNoEntry: false });
  // The converted clip's name is its cache key; size guards against a clip converted again under it.
  const key = createHash('sha256').update(JSON.stringify([ALIGN_VERSION, basename(clip.file), st?.size ?? 0, texts])).digest('hex').slice(0, 32);
  const dir = join(cacheDir, 'align');
  const file = join(dir, `${key}.json`);
  let spoken: SpokenWordTime[] | undefined;
  try {
    spoken = (JSON.parse(readFileSync(file, 'utf8')) as { words: SpokenWordTime[] }).words;
  } catch {
    spoken = (await alignToFestival([{ wav: clip.file, texts }]))?.[0];
    if (spoken) {
      mkdirSync(dir, { recursive: true });
      writeFileAtomicSync(file, JSON.stringify({ words: spoken }) + '\n');
    }
  }
  return writtenWordTimes(parts, spoken, clip.duration);
}
