/**
 * Word times for clips whose engine gives none (flite, espeak-ng, cloud voices) and for voice-over
 * clips: festival says the same text (its Word relation gives the reference's word times) and the
 * clip is warped onto it (align-clip.ts). The references are temporary; callers cache the result.
 */
import { join } from 'node:path';
import { processTempDir } from '../../adapters/temp-dir.ts';
import { which } from '../../adapters/tools.ts';
import { festivalEngine } from '../engines/festival.ts';
import type { SpokenWordTime } from '../types.ts';
import { readWav } from '../wav.ts';
import { alignToReference } from './align-clip.ts';

/** A clip to align and the spoken texts it says, in order (a voice-over: its paragraph's sentences). */
export interface AlignItem {
  wav: string;
  texts: string[];
}

/** Texts per festival process (the voice loads once per process). */
const BATCH = 16;

/** The spoken word times of each clip, or null when festival (the reference voice) is not installed. */
export async function alignToFestival(items: AlignItem[]): Promise<SpokenWordTime[][] | null> {
  if (items.length === 0) return [];
  if (!which('festival')) return null;
  const temp = processTempDir('lessoncast-align-');
  const dir = temp.dir;
  try {
    const jobs = items.flatMap((it, i) => it.texts.filter((t) => /[\p{L}\p{N}]/u.test(t)).map((text, k) => ({ i, text, outFile: join(dir, `${i}-${k}.wav`) })));
    const results: Awaited<ReturnType<NonNullable<typeof festivalEngine.synthesizeMany>>> = [];
    for (let b = 0; b < jobs.length; b += BATCH)
      results.push(...await festivalEngine.synthesizeMany!(jobs.slice(b, b + BATCH).map((j) => ({ req: { text: j.text }, outFile: j.outFile }))));
    return items.map((it, i) => {
      // The item's reference: its texts' festival clips end to end, word times shifted to match.
      const mine = jobs.map((j, k) => ({ j, r: results[k] })).filter(({ j }) => j.i === i);
      const pcm = mine.map(({ r }) => readWav(r.wavFile));
      const total = pcm.reduce((n, p) => n + p.samples.length, 0);
      const samples = new Int16Array(total);
      const words: SpokenWordTime[] = [];
      let at = 0;
      for (const [k, p] of pcm.entries()) {
        samples.set(p.samples, at);
        const offset = at / p.sampleRate;
        for (const w of mine[k].r.words ?? []) words.push({ word: w.word, start: w.start + offset, end: w.end + offset });
        at += p.samples.length;
      }
      const clip = readWav(it.wav);
      const rate = pcm[0]?.sampleRate ?? clip.sampleRate;
      return alignToReference({ samples, rate, words }, { samples: clip.samples, rate: clip.sampleRate });
    });
  } finally {
    temp.remove();
  }
}
