/** The narration as one AAC track: every clip placed at its cue's sample offset, mixed once, encoded once. */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { audioSpec, runFfmpeg } from '../../adapters/ffmpeg.ts';
import { normalizeAudio } from '../../narrate/normalize-audio.ts';
import { mixAt, readWavInfo } from '../../narrate/wav.ts';
import type { Timeline } from '../../schedule/types.ts';
import { hashKey } from './plan-shots.ts';

/** Where each clip goes: narration cues with audio, in seconds. */
export function narrationPlacements(timeline: Timeline): { file: string; offset: number }[] {
  return timeline.cues.filter((c) => c.type === 'narration' && c.audio).map((c) => ({ file: c.audio!, offset: c.start }));
}

/** Cache key of the track: clip identities (path, size, mtime) and offsets, rate and length. */
export function narrationKey(timeline: Timeline, sampleRate: number): string {
  return hashKey({
    v: 1, sampleRate, duration: timeline.duration,
    clips: narrationPlacements(timeline).map((p) => {
      const st = existsSync(p.file) ? statSync(p.file) : null;
      return [p.file, st?.size ?? -1, st?.mtimeMs ?? -1, p.offset];
    }),
  });
}

/** A clip in the mix format: as is when it already is, else converted once into the cache. */
async function mixable(file: string, sampleRate: number, dir: string): Promise<string> {
  try {
    const info = readWavInfo(file);
    if (info.sampleRate === sampleRate && info.channels === 1 && info.bitsPerSample === 16) return file;
  } catch { /* not a WAV: a voice-over clip in another format */ }
  const st = statSync(file);
  const out = join(dir, `norm-${hashKey([file, st.size, st.mtimeMs, sampleRate])}.wav`);
  if (!existsSync(out)) await normalizeAudio(file, out, { sampleRate });
  return out;
}

/** Builds (or finds in the cache) `<cache>/audio/<key>.m4a`. */
export async function narrationTrack(timeline: Timeline, sampleRate: number, cacheDir: string, track: (file: string) => () => void): Promise<string> {
  const dir = join(cacheDir, 'audio');
  mkdirSync(dir, { recursive: true });
  const key = narrationKey(timeline, sampleRate);
  const out = join(dir, `${key}.m4a`);
  if (existsSync(out)) return out;
  const placements = [];
  for (const p of narrationPlacements(timeline)) placements.push({ file: await mixable(p.file, sampleRate, dir), offset: p.offset });
  const wav = join(dir, `${key}.${process.pid}.mix.wav`);
  const tmp = `${out}.tmp-${process.pid}`;
  const untrackWav = track(wav), untrackTmp = track(tmp);
  try {
    mixAt(placements, wav, { sampleRate, duration: timeline.duration });
    await runFfmpeg(audioSpec(wav, tmp), 'narration track').done;
    renameSync(tmp, out);
  } finally {
    rmSync(wav, { force: true });
    rmSync(tmp, { force: true });
    untrackWav(); untrackTmp();
  }
  return out;
}
