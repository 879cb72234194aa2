/**
 * Word times for a lesson's clips: the speech entry's own (festival's, at synthesis), else aligned
 * against festival once and kept in the store (kind `align`, keyed by the clip's entry and its
 * texts); voice-over clips aligned the same way. Without festival they stay unknown (the schedule
 * estimates them). docs/narration.md.
 */
import { keyFor } from '../../store/artifact-inputs.ts';
import type { Store, StoreKey } from '../../store/store.ts';
import { keyId } from '../../store/store.ts';
import { spokenText, type SpokenPart } from '../pronounce.ts';
import type { SpokenWordTime, WordTime } from '../types.ts';
import { alignToFestival } from './align-to-festival.ts';
import { writtenWordTimes } from './written-words.ts';

/** Bump when alignment changes: stored alignments are made again. */
const ALIGNER = 'festival-dtw-mfcc@2';

/** A clip whose word times are wanted: its store key, WAV, spoken texts, and the engine's words if any. */
export interface WordClip { key: StoreKey; wav: string; texts: string[]; words?: SpokenWordTime[] }

/** The store key of a clip's aligned word times (whether or not it was ever aligned). */
export const alignKey = (c: Pick<WordClip, 'key' | 'texts'>): StoreKey => keyFor('align', { clip: keyId(c.key), texts: c.texts, aligner: ALIGNER });

/** The spoken word times of each clip by its key id (undefined: unknown, festival missing). */
export async function clipWords(store: Store, clips: WordClip[]): Promise<Map<string, SpokenWordTime[] | undefined>> {
  const out = new Map<string, SpokenWordTime[] | undefined>();
  const pending: WordClip[] = [];
  for (const c of clips) {
    const id = keyId(c.key);
    if (out.has(id) || pending.some((p) => keyId(p.key) === id)) continue;
    if (c.texts.every((t) => !/[\p{L}\p{N}]/u.test(t))) { out.set(id, []); continue; }
    if (c.words) { out.set(id, c.words); continue; }
    const hit = await store.get(alignKey(c));
    const words = hit?.meta.words as SpokenWordTime[] | undefined;
    if (Array.isArray(words)) out.set(id, words);
    else pending.push(c);
  }
  const aligned = await alignToFestival(pending.map((p) => ({ wav: p.wav, texts: p.texts })));
  for (const [i, p] of pending.entries()) {
    const words = aligned?.[i];
    out.set(keyId(p.key), words);
    if (words) await store.put(alignKey(p), {}, { words });
  }
  return out;
}

/** The written words of a voice-over clip (relative to its start), from its spoken word times. */
export function voiceOverWords(spoken: SpokenWordTime[] | undefined, sentences: SpokenPart[][], duration: number): WordTime[] {
  return writtenWordTimes(sentences.flat(), spoken, duration);
}

/** The spoken texts of a voice-over paragraph, one per sentence. */
export function sentenceTexts(sentences: SpokenPart[][]): string[] {
  return sentences.map(spokenText);
}
