/**
 * Piper neural voices (VITS, ONNX) run in process through onnxruntime-node: the default voice when
 * one is installed (`lessoncast voices add en_US-joe-medium`). Word times come from the model's own
 * phoneme durations (piper-model.ts); the clip is resampled to the common 48 kHz by ffmpeg.
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
import { loadOrt, piperModel } from './piper-model.ts';
import { phonemeIds, piperPhonemes, wordTimesFromFrames, type Phonemize } from './piper-phonemes.ts';

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
export async function piperSynthesize(req: SpeechRequest, outFile: string, opts: { phonemize?: Phonemize } = {}): Promise<SpeechResult> {
  const voice = requirePiperVoice(req.voice ?? DEFAULT_NEURAL_VOICE);
  await verifyInstalledVoice(voice);
  const model = await piperModel(voice);
  const { config, ort, session } = model;
  const { phonemes, words } = await piperPhonemes(req.text, config.espeak.voice, opts.phonemize);
  const { ids, index } = phonemeIds(phonemes, config.phoneme_id_map);
  const inf = config.inference ?? {};
  // length_scale is time per phoneme: a faster rate is a shorter scale.
  const lengthScale = (inf.length_scale ?? 1) / (req.rate && req.rate > 0 ? req.rate : 1);
  const feeds = {
    input: new ort.Tensor('int64', BigInt64Array.from(ids, (n) => BigInt(n)), [1, ids.length]),
    input_lengths: new ort.Tensor('int64', BigInt64Array.from([BigInt(ids.length)]), [1]),
    scales: new ort.Tensor('float32', Float32Array.from([inf.noise_scale ?? 0.667, lengthScale, inf.noise_w ?? 0.8]), [3]),
  };
  let result;
  try {
    result = await session.run(feeds);
  } catch (err) {
    throw new LessoncastError('SPEECH_FAILED', `The voice ${voice.name} failed on "${req.text.slice(0, 80)}": ${(err as Error).message.split('\n')[0]}`,
      'Run `lessoncast doctor`; if the voice is damaged, install it again with `lessoncast voices add`.');
  }
  const audio = result.output.data as Float32Array;
  const rate = config.audio.sample_rate;
  const raw = `${outFile}.piper.wav`;
  writeWav(raw, floatToPcm(audio), rate);
  try {
    const info = await normalizeAudio(raw, outFile, { pitch: req.pitch });
    const frames = model.durationsOutput ? (result[model.durationsOutput]?.data as Float32Array | undefined) : undefined;
    const total = frames ? frames.reduce((a, b) => a + b, 0) : 0;
    const out: SpeechResult = { wavFile: outFile, sampleRate: info.sampleRate, duration: info.duration };
    // The frames add up to the samples exactly (hop 256 at 22.05 kHz); anything else is not trusted.
    if (frames && total > 0 && Number.isInteger(audio.length / total))
      out.words = wordTimesFromFrames(words, index, frames, audio.length / total / rate).map((w) => ({ ...w, start: Math.min(w.start, info.duration), end: Math.min(w.end, info.duration) }));
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
