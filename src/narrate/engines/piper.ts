/**
 * Piper neural voices (VITS, ONNX) run through onnxruntime-node in worker threads of this process
 * (piper-pool.ts): the default voice when one is installed (`lessoncast voices add en_US-joe-medium`).
 * Word times come from the model's own phoneme durations (piper-model.ts); the clip is resampled to
 * the common 48 kHz by ffmpeg.
 * docs/narration.md, "Neural voices".
 */
import { rmSync } from 'node:fs';
import { LessoncastError } from '../../errors.ts';
import { defineEngine, type EngineStatus, type SpeechRequest, type SpeechResult } from '../types.ts';
import { normalizeAudio } from '../normalize-audio.ts';
import { writeWav } from '../wav.ts';
import { DEFAULT_NEURAL_VOICE } from '../voices/voice-catalogue.ts';
import { installedVoice, listInstalledVoices, verifyInstalledVoice, type InstalledVoice } from '../voices/installed-voices.ts';
import { voicesDir } from '../voices/voices-dir.ts';
import { loadOrt, requireRuntime } from './piper-model.ts';
import { piperInWorker } from './piper-pool.ts';

/** The installed voice `name`, or VOICE_MISSING with the command that installs it. */
export function requirePiperVoice(name: string): InstalledVoice {
  const v = installedVoice(name);
  if (v) return v;
  const others = listInstalledVoices().map((x) => x.name);
  throw new LessoncastError('VOICE_MISSING', `The voice ${name} is not installed (in ${voicesDir()}).`,
    `lessoncast voices add ${name}${others.length ? ` (installed: ${others.join(', ')})` : ''}; or use voice: { engine: festival }.`);
}

/** Float samples to 16-bit PCM scaled to the peak, as Piper does (the mix levels every clip by its loudness afterwards). */
export function floatToPcm(audio: Float32Array): Int16Array {
  let peak = 0;
  for (const v of audio) peak = Math.max(peak, Math.abs(v));
  const scale = 32767 / Math.max(0.01, peak);
  const pcm = new Int16Array(audio.length);
  for (let i = 0; i < audio.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(audio[i] * scale)));
  return pcm;
}

/** Synthesizes one text with an installed voice into `outFile` (48 kHz WAV), with its word times. */
export async function piperSynthesize(req: SpeechRequest, outFile: string): Promise<SpeechResult> {
  const voice = requirePiperVoice(req.voice ?? DEFAULT_NEURAL_VOICE);
  await verifyInstalledVoice(voice);
  requireRuntime();
  const { audio, sampleRate, words } = await piperInWorker(voice, req.text, req.rate);
  const raw = `${outFile}.piper.wav`;
  writeWav(raw, floatToPcm(audio), sampleRate);
  try {
    const info = await normalizeAudio(raw, outFile, { pitch: req.pitch });
    const out: SpeechResult = { wavFile: outFile, sampleRate: info.sampleRate, duration: info.duration };
    if (words) out.words = words.map((w) => ({ ...w, start: Math.min(w.start, info.duration), end: Math.min(w.end, info.duration) }));
    return out;
  } finally {
    rmSync(raw, { force: true });
  }
}

/** The piper engine. */
export const piperEngine = defineEngine({
  name: 'piper',
  defaultVoice: DEFAULT_NEURAL_VOICE,
  wordTimes: true,
  // The model's digest decides the voice: a re-trained voice under the same name re-synthesizes.
  identity(voice?: string) {
    const v = installedVoice(voice ?? DEFAULT_NEURAL_VOICE);
    return { model: v?.sha256 ?? null };
  },
  async check(): Promise<EngineStatus> {
    try {
      await loadOrt();
    } catch (err) {
      return { ok: false, fix: (err as LessoncastError).fix };
    }
    const v = installedVoice(DEFAULT_NEURAL_VOICE) ?? listInstalledVoices()[0];
    if (!v) return { ok: false, fix: `lessoncast voices add ${DEFAULT_NEURAL_VOICE} (no neural voice in ${voicesDir()})` };
    return { ok: true, version: `${v.name} (${v.verified ? 'sha256 checked' : 'sha256 recorded'})` };
  },
  synthesize: (req, outFile) => piperSynthesize(req, outFile),
});
