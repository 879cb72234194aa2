/** One Piper synthesis on a loaded model: phonemes, ids, the ONNX run, and word times from its durations. */
import { LessoncastError } from '../../errors.ts';
import type { SpokenWordTime } from '../types.ts';
import type { PiperModel } from './piper-model.ts';
import { phonemeIds, piperPhonemes, wordTimesFromFrames } from './piper-phonemes.ts';

/** What a run gives: float samples at the voice's rate, and word times (seconds) when the model reported durations. */
export interface PiperAudio { audio: Float32Array; sampleRate: number; words?: SpokenWordTime[] }

/** Says `text` with `model` at `rate` (1 = the voice's speed). */
export async function runPiper(model: PiperModel, text: string, rate?: number): Promise<PiperAudio> {
  const { config, ort, session } = model;
  const { phonemes, words } = await piperPhonemes(text, config.espeak.voice);
  const { ids, index } = phonemeIds(phonemes, config.phoneme_id_map);
  const inf = config.inference ?? {};
  // length_scale is time per phoneme: a faster rate is a shorter scale.
  const lengthScale = (inf.length_scale ?? 1) / (rate && rate > 0 ? rate : 1);
  const feeds = {
    input: new ort.Tensor('int64', BigInt64Array.from(ids, (n) => BigInt(n)), [1, ids.length]),
    input_lengths: new ort.Tensor('int64', BigInt64Array.from([BigInt(ids.length)]), [1]),
    scales: new ort.Tensor('float32', Float32Array.from([inf.noise_scale ?? 0.667, lengthScale, inf.noise_w ?? 0.8]), [3]),
  };
  let result;
  try {
    result = await session.run(feeds);
  } catch (err) {
    throw new LessoncastError('SPEECH_FAILED', `The neural voice failed on "${text.slice(0, 80)}": ${(err as Error).message.split('\n')[0]}`,
      'Run `lessoncast doctor`; if the voice is damaged, install it again with `lessoncast voices add`.');
  }
  const audio = result.output.data as Float32Array;
  const sampleRate = config.audio.sample_rate;
  const frames = model.durationsOutput ? (result[model.durationsOutput]?.data as Float32Array | undefined) : undefined;
  const total = frames ? frames.reduce((a, b) => a + b, 0) : 0;
  // The frames add up to the samples exactly (hop 256 at 22.05 kHz); anything else is not trusted.
  if (!frames || total <= 0 || !Number.isInteger(audio.length / total)) return { audio, sampleRate };
  return { audio, sampleRate, words: wordTimesFromFrames(words, index, frames, audio.length / total / sampleRate) };
}
