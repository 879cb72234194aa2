/** What the cloud engines share: 16-bit PCM from a service, written as a clip at the common rate. */
import { rmSync, writeFileSync } from 'node:fs';
import type { SpeechResult, SpokenWordTime } from '../types.ts';
import { normalizeAudio } from '../normalize-audio.ts';
import { encodeWav, SAMPLE_RATE, writeWav } from '../wav.ts';

/** Writes raw s16le mono PCM at `rate` to `outFile` as a clip (resampled and pitch-shifted by ffmpeg when needed). */
export async function pcmClip(samples: Int16Array, rate: number, outFile: string, pitch: number | undefined, words: SpokenWordTime[] | undefined): Promise<SpeechResult> {
  if (!pitch && rate === SAMPLE_RATE) {
    writeWav(outFile, samples, rate);
    return { wavFile: outFile, sampleRate: rate, duration: samples.length / rate, ...(words?.length ? { words } : {}) };
  }
  const raw = `${outFile}.raw.wav`;
  writeFileSync(raw, encodeWav(samples, rate));
  try {
    const info = await normalizeAudio(raw, outFile, { pitch });
    const clamp = (t: number) => Math.min(Math.max(0, t), info.duration);
    // No word times from the service (an empty alignment): the aligner finds them.
    return { wavFile: outFile, sampleRate: info.sampleRate, duration: info.duration, ...(words?.length ? { words: words.map((w) => ({ ...w, start: clamp(w.start), end: clamp(w.end) })) } : {}) };
  } finally {
    rmSync(raw, { force: true });
  }
}

/** Word times from per-character times (ElevenLabs' alignment): a word spans its first to its last character. Pure. */
export function wordsFromCharacters(chars: string[], starts: number[], ends: number[]): SpokenWordTime[] {
  const out: SpokenWordTime[] = [];
  let cur: { word: string; start: number; end: number } | null = null;
  for (let i = 0; i < chars.length; i++) {
    if (/\s/.test(chars[i])) { if (cur) out.push(cur); cur = null; continue; }
    if (!cur) cur = { word: '', start: starts[i] ?? 0, end: ends[i] ?? 0 };
    cur.word += chars[i];
    cur.end = Math.max(cur.end, ends[i] ?? cur.end);
  }
  if (cur) out.push(cur);
  return out.filter((w) => /[\p{L}\p{N}]/u.test(w.word));
}

/** One retry for rate limits and server errors; other answers are final. */
export async function fetchWithRetry(url: string, init: RequestInit, timeoutMs: number): Promise<{ res?: Response; error: string }> {
  let error = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      error = (err as Error).message;
      continue;
    }
    if (res.ok || !(res.status === 429 || res.status >= 500) || attempt === 1) return { res, error };
    error = `HTTP ${res.status}`;
    await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
  }
  return { error };
}
