/** Converts any audio (an engine's WAV, a voice-over MP3) to the one format clips are mixed in. */
import { renameSync, rmSync } from 'node:fs';
import { LessoncastError } from '../errors.ts';
import { ffmpegPaths, run } from '../adapters/tools.ts';
import { readWavInfo, SAMPLE_RATE, type WavInfo } from './wav.ts';

export interface NormalizeOptions {
  sampleRate?: number;
  /** Pitch shift in semitones, for engines that cannot shift it themselves (duration kept). */
  pitch?: number;
}

/** The ffmpeg filter that shifts pitch by `semitones` and keeps the duration, or null for none. */
export function pitchFilter(semitones: number | undefined, sampleRate: number): string | null {
  if (!semitones) return null;
  const factor = Math.pow(2, semitones / 12);
  // asetrate raises pitch and speed together; atempo gives the speed back.
  return `asetrate=${Math.round(sampleRate * factor)},aresample=${sampleRate},atempo=${(1 / factor).toFixed(6)}`;
}

/** ffmpeg arguments: input → 16-bit mono PCM WAV at the common rate, no metadata chunks. */
export function normalizeAudioArgs(input: string, output: string, opts: NormalizeOptions = {}): string[] {
  const rate = opts.sampleRate ?? SAMPLE_RATE;
  const filters = [`aresample=${rate}`, pitchFilter(opts.pitch, rate)].filter((f): f is string => !!f);
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    '-i', input,
    '-vn', '-af', filters.join(','),
    '-ac', '1', '-ar', String(rate), '-c:a', 'pcm_s16le',
    '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact',
    '-f', 'wav', output,
  ];
}

/** Runs ffmpeg to normalise `input` into `output` (written under a temporary name, then renamed). */
export async function normalizeAudio(input: string, output: string, opts: NormalizeOptions = {}): Promise<WavInfo> {
  const { ffmpeg } = ffmpegPaths();
  const tmp = `${output}.${process.pid}.norm.wav`;
  const res = await run(ffmpeg, normalizeAudioArgs(input, tmp, opts), { timeoutMs: 120_000 });
  if (!res.ok) {
    rmSync(tmp, { force: true });
    throw new LessoncastError('AUDIO_CONVERT_FAILED', `ffmpeg could not convert ${input}: ${res.out.trim().split('\n').slice(-3).join(' ')}`,
      'Check that the file is a playable audio file (wav, mp3, m4a, ogg, flac).');
  }
  renameSync(tmp, output);
  return readWavInfo(output);
}
