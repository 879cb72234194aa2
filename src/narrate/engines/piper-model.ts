/**
 * A Piper voice loaded into ONNX Runtime (onnxruntime-node, in process). Piper's exported graph
 * computes each phoneme's length in frames (`w_ceil`, the `Ceil` node before the `CumSum` of the
 * alignment) but does not output it; we add that tensor to the graph's outputs before loading, so
 * every synthesis also says when each phoneme is spoken (the word times). VITS draws noise on
 * every run (ONNX Runtime's random kernels advance per run even when seeded), so the same text
 * gives slightly different samples each time: the store keeps the first clip of each sentence.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LessoncastError } from '../../errors.ts';

/** The parts of a Piper voice's `.onnx.json` that synthesis reads. */
export interface PiperConfig {
  audio: { sample_rate: number };
  espeak: { voice: string };
  inference?: { noise_scale?: number; length_scale?: number; noise_w?: number };
  phoneme_type?: string;
  phoneme_id_map: Record<string, number[]>;
  num_speakers?: number;
}

type Ort = typeof import('onnxruntime-node');

/** A loaded voice. */
export interface PiperModel {
  ort: Ort;
  session: import('onnxruntime-node').InferenceSession;
  config: PiperConfig;
  /** Name of the per-phoneme frame count output, or null when the graph has none (word times are then aligned). */
  durationsOutput: string | null;
}

let ortModule: Promise<Ort> | undefined;

const runtimeMissing = (why: string) => new LessoncastError('RUNTIME_MISSING', `The neural voice runtime (onnxruntime-node) cannot be loaded: ${why}`,
  'Install it beside lessoncast: ONNXRUNTIME_NODE_INSTALL=skip npm install -g onnxruntime-node (skip: no CUDA download), or use voice: { engine: festival }.');

/** Throws RUNTIME_MISSING unless onnxruntime-node is installed (found, not loaded: the workers load it). */
export function requireRuntime(): void {
  try {
    createRequire(import.meta.url).resolve('onnxruntime-node');
  } catch (err) {
    throw runtimeMissing((err as Error).message.split('\n')[0]);
  }
}

/** onnxruntime-node, or RUNTIME_MISSING with how to install it (it is an optional dependency). */
export function loadOrt(): Promise<Ort> {
  ortModule ??= import('onnxruntime-node').catch((err: unknown) => {
    ortModule = undefined;
    throw runtimeMissing((err as Error).message.split('\n')[0]);
  });
  return ortModule;
}

/** Checks a parsed `.onnx.json` and returns it typed, or throws VOICE_CONFIG_INVALID naming `file`. */
export function checkPiperConfig(raw: unknown, file: string): PiperConfig {
  const c = raw as Partial<PiperConfig> | null;
  const bad = (what: string) => new LessoncastError('VOICE_CONFIG_INVALID', `${file}: not a Piper voice config (${what}).`, 'Use the .onnx.json published with the voice\'s .onnx file.');
  if (!c || typeof c !== 'object') throw bad('not a JSON object');
  if (!c.phoneme_id_map || typeof c.phoneme_id_map !== 'object') throw bad('no phoneme_id_map');
  for (const sym of ['^', '$', '_']) if (!Array.isArray(c.phoneme_id_map[sym])) throw bad(`phoneme_id_map has no "${sym}"`);
  if (!c.audio || !Number.isInteger(c.audio.sample_rate) || c.audio.sample_rate < 8000) throw bad('no audio.sample_rate');
  if (c.phoneme_type && c.phoneme_type !== 'espeak') throw bad(`phoneme_type "${c.phoneme_type}": only espeak voices are supported`);
  if (!c.espeak || typeof c.espeak.voice !== 'string') throw bad('no espeak.voice');
  if ((c.num_speakers ?? 1) > 1) throw bad('a multi-speaker voice: pick a single-speaker one');
  return c as PiperConfig;
}

/**
 * The model's bytes with the phoneme durations added as an output, and the output's name; the
 * bytes unchanged (null) when the graph has no such node (another exporter).
 */
export async function timedModel(bytes: Uint8Array): Promise<{ bytes: Uint8Array; durationsOutput: string | null }> {
  const { onnx } = (await import('onnx-proto')).default;
  // Decoding and encoding the 63 MB medium voice takes ~0.3 s, once per process.
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph?.node || !graph.output) return { bytes, durationsOutput: null };
  const nodes = graph.node;
  const outputs = graph.output;
  const cumsumInputs = new Set(nodes.filter((n) => n.opType === 'CumSum').map((n) => n.input?.[0]));
  const ceil = nodes.find((n) => n.opType === 'Ceil' && n.output?.[0] && cumsumInputs.has(n.output[0]));
  const name = ceil?.output?.[0] ?? null;
  if (name && !outputs.some((o) => o.name === name))
    outputs.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }));
  return { bytes: onnx.ModelProto.encode(model).finish(), durationsOutput: name };
}

/** Opens a model file and its config (no cache): what `voices add` does to prove a download loads. */
export async function openPiperModel(modelFile: string, configFile: string): Promise<PiperModel> {
  const ort = await loadOrt();
  let config: PiperConfig;
  try {
    config = checkPiperConfig(JSON.parse(readFileSync(configFile, 'utf8')), configFile);
  } catch (err) {
    if (err instanceof LessoncastError) throw err;
    throw new LessoncastError('VOICE_CONFIG_INVALID', `${configFile}: ${(err as Error).message}`, 'Use the .onnx.json published with the voice\'s .onnx file.');
  }
  let session;
  let durationsOutput: string | null = null;
  try {
    const timed = await timedModel(readFileSync(modelFile));
    durationsOutput = timed.durationsOutput;
    // One thread per synthesis: narration runs two at once on this 2-core machine (docs/narration.md).
    session = await ort.InferenceSession.create(timed.bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  } catch (err) {
    throw new LessoncastError('VOICE_MODEL_INVALID', `${modelFile} is not a loadable ONNX voice model: ${(err as Error).message.split('\n')[0]}`,
      'The file is incomplete or not a Piper .onnx model: fetch it again (lessoncast voices add NAME).');
  }
  for (const input of ['input', 'input_lengths', 'scales'])
    if (!session.inputNames.includes(input))
      throw new LessoncastError('VOICE_MODEL_INVALID', `${modelFile} has no "${input}" input: it is not a Piper voice.`, 'Use a Piper voice (.onnx with its .onnx.json).');
  return { ort, session, config, durationsOutput };
}
