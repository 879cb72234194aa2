/**
 * The narration of a lesson: a speech chunk per sentence of each paragraph (so every cue has an
 * exact time), or the author's voice-over clip for the paragraph, all in one WAV format, each
 * measured for loudness once, kept in the store (src/store/).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import type { Course } from '../course.ts';
import type { VoiceConfig } from '../config.ts';
import { LessoncastError, ignoreError } from '../errors.ts';
import { voiceOverFindings } from './voice-over-findings.ts';
import { clipLoudness } from '../adapters/ffmpeg.ts';
import { fileDigest } from '../store/artifact-key.ts';
import { storeFor } from '../store/store-for.ts';
import type { Store, StoreKey } from '../store/store.ts';
import { workDir } from '../store/work-dir.ts';
import { lessonNarration, type Diagnostic, type Lesson } from '../types.ts';
import type { LessonAudio, ParagraphAudio, SpeechChunk, SpeechEngine, SpeechRequest, SpokenWordTime } from './types.ts';
import { resolveEngine } from './engines/index.ts';
import { pronounce, spokenText, type SpokenPart } from './pronounce.ts';
import { alignKey, clipWords, sentenceTexts, voiceOverWords, type WordClip } from './align/lesson-words.ts';
import { writtenWordTimes } from './align/written-words.ts';
import { readLexicon } from './read-lexicon.ts';
import { voiceSettings } from './voice-settings.ts';
import { putClip, readClip, speechKey, voiceOverKey, type CachedClip } from './speech-cache.ts';
import { findVoiceOvers, voiceOverDir, type VoiceOverClip } from './voice-over.ts';
import { bindingState, writeBinding } from './voice-over-bind.ts';
import { normalizeAudio } from './normalize-audio.ts';
import { readWavInfo, SAMPLE_RATE, silence, writeWav } from './wav.ts';

export interface NarrateOptions {
  /** A progress bar while synthesizing, on this stream when it is a terminal (the caller's: the entry point gives its stderr). */
  progress?: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Overrides the course and frontmatter voice (the benchmark compares engines this way). */
  voice?: VoiceConfig;
  /** Uses this engine instead of resolving one by name (tests wrap an engine to count its calls). */
  engine?: SpeechEngine;
  /** false: the lexicon alone, without the pronunciation rules (the benchmark's baseline). */
  rules?: boolean;
  /**
   * Only these paragraphs (narration ids), in script order: a speech job of some of a lesson's
   * scenes, or the narration of the scenes spoken so far (the orchestrator plans their shots while
   * later scenes are still being spoken, docs/video.md "Speech beside capture").
   */
  paragraphs?: ReadonlySet<string>;
  /**
   * false: synthesize and convert nothing; a clip not in the store is an error (`SPEECH_NOT_CACHED`).
   * `lessoncast clean` plans lessons this way.
   */
  synthesize?: boolean;
}

/** Chunks with nothing to say (a sentence of punctuation) become this much silence. */
const EMPTY_CHUNK_SECONDS = 0.25;
/** Items per festival process: the voice loads once per batch (~1 s), and the progress bar still moves. */
const BATCH_SIZE = 8;
/**
 * Syntheses running at once, across all lessons and speech jobs of this process: one per core (the
 * engines lessoncast starts as processes use one core each), sized from the machine like the
 * render runner's `--jobs` default.
 */
const MAX_PARALLEL = Math.max(1, availableParallelism());

let running = 0;
const waiting: (() => void)[] = [];
/** Runs `job` when one of the MAX_PARALLEL slots is free. */
async function inSlot<T>(job: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await job();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

interface Miss { key: StoreKey; req: SpeechRequest; meta: { engine: string; voice: string; text: string } }

const tempWav = (course: Course) => join(workDir(course.cacheDir, 'speech'), `${randomBytes(6).toString('hex')}.wav`);

/** Clips measured by one ffmpeg (one ebur128 per input). */
const MEASURE_BATCH = 32;

/**
 * Synthesizes the misses into the store: batches for engines that have them, else one at a time,
 * 2 in parallel; then every new clip is measured for loudness (one ffmpeg per 32 clips: the mix
 * levels each clip by it, docs/narration.md) and put in the store.
 */
async function synthesizeMisses(course: Course, engine: SpeechEngine, store: Store, misses: Miss[], onDone: (n: number) => void): Promise<void> {
  const size = engine.synthesizeMany ? Math.max(1, Math.min(BATCH_SIZE, Math.ceil(misses.length / MAX_PARALLEL))) : 1;
  const batches: Miss[][] = [];
  for (let i = 0; i < misses.length; i += size) batches.push(misses.slice(i, i + size));
  // Engines write into this process's work folder; each clip enters the store whole, by rename.
  const tmp = new Map(misses.map((m) => [m, tempWav(course)]));
  const ready = new Map<Miss, string>();
  // The engine's own word times (festival's Word relation) go into the entry with the clip.
  const words = new Map<Miss, SpokenWordTime[]>();
  try {
    await Promise.all(batches.map((batch) => inSlot(async () => {
      const items = batch.map((m) => ({ req: m.req, outFile: tmp.get(m)! }));
      const results = engine.synthesizeMany && batch.length > 1 ? await engine.synthesizeMany(items) : [await engine.synthesize(items[0].req, items[0].outFile)];
      batch.forEach((m, i) => { if (results[i]?.words) words.set(m, results[i].words!); });
      for (const m of batch) {
        const t = tmp.get(m)!;
        const info = readWavInfo(t);
        if (info.sampleRate === SAMPLE_RATE && info.channels === 1 && info.bitsPerSample === 16 && info.format === 1) { ready.set(m, t); continue; }
        // A plug-in engine may return any WAV: bring it to the common format.
        await normalizeAudio(t, `${t}.norm.wav`);
        ready.set(m, `${t}.norm.wav`);
      }
      onDone(batch.length);
    })));
    for (let i = 0; i < misses.length; i += MEASURE_BATCH) {
      const part = misses.slice(i, i + MEASURE_BATCH);
      const loudness = await inSlot(() => clipLoudness(part.map((m) => ready.get(m)!)));
      for (const [k, m] of part.entries()) {
        // Durations come from the WAV header (samples / rate) of the file actually stored, whatever the engine said.
        const info = readWavInfo(ready.get(m)!);
        const w = words.get(m);
        await putClip(store, m.key, ready.get(m)!, { duration: info.duration, sampleRate: info.sampleRate, loudness: loudness[k], ...m.meta, ...(w ? { words: w } : {}) });
      }
    }
  } finally {
    for (const t of tmp.values()) { rmSync(t, { force: true }); rmSync(`${t}.norm.wav`, { force: true }); }
  }
}

function notCached(what: string): LessoncastError {
  return new LessoncastError('SPEECH_NOT_CACHED', `The speech for ${what} is not in the cache.`, 'Build the lesson (`lessoncast build`) to synthesize it.');
}

/** The voice-over clip in the common format, measured (converted once, keyed by the clip's bytes). */
async function voiceOverAudio(course: Course, store: Store, clip: VoiceOverClip, synthesize: boolean): Promise<{ file: string; duration: number; source: string; clip: string; key: StoreKey }> {
  const key = voiceOverKey(fileDigest(clip.file), SAMPLE_RATE);
  const source = relative(course.root, clip.file);
  const hit = await readClip(store, key);
  if (hit) return { file: hit.wavFile, duration: hit.duration, source: clip.file, clip: source, key };
  if (!synthesize) throw notCached(`the voice-over ${source}`);
  const wav = tempWav(course);
  try {
    const info = await inSlot(() => normalizeAudio(clip.file, wav));
    const [loudness] = await clipLoudness([wav]);
    const stored: CachedClip = await putClip(store, key, wav, { duration: info.duration, sampleRate: info.sampleRate, loudness, source });
    return { file: stored.wavFile, duration: stored.duration, source: clip.file, clip: source, key };
  } finally {
    rmSync(wav, { force: true });
  }
}

/** A progress bar on the caller's terminal, or nothing (not a terminal, or not asked for). */
async function progressBar(out: NarrateOptions['progress'], total: number, label: string): Promise<{ tick(n: number): void; stop(): void }> {
  if (!out?.isTTY || total === 0) return { tick() {}, stop() {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} sentences`, stream: out as NodeJS.WriteStream, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { tick: (n) => bar.increment(n), stop: () => bar.stop() };
}

/** A chunk of the plan: its key and what it says. */
interface PlannedChunk { key: StoreKey; text: string; spoken: string; parts: SpokenPart[]; empty: boolean }

/** The lesson's narration as keys, before anything is read or synthesized. */
function planNarration(course: Course, lesson: Lesson, opts: NarrateOptions) {
  const settings = voiceSettings(course.config, lesson.meta, opts.voice);
  const engine = opts.engine ?? resolveEngine(settings.engine, course.config);
  const voice = settings.voice ?? engine.defaultVoice;
  const identity = engine.identity?.(voice) ?? null;
  const { lexicon, diagnostics } = readLexicon(course);
  const clips = findVoiceOvers(course, lesson.slug);
  const narration = lessonNarration(lesson).filter((n) => !opts.paragraphs || opts.paragraphs.has(n.id));
  const planned: { id: string; clip: VoiceOverClip | null; chunks: PlannedChunk[] }[] = narration.map((n) => {
    const clip = clips.get(n.id);
    if (clip) return { id: n.id, clip, chunks: [] };
    return {
      id: n.id, clip: null,
      chunks: n.sentences.map((s) => {
        const parts = pronounce(s.plain, lexicon, { rules: opts.rules });
        const spoken = spokenText(parts);
        const empty = !/[\p{L}\p{N}]/u.test(spoken);
        const key = empty
          ? speechKey({ engine: 'silence', voice: '', sampleRate: SAMPLE_RATE, text: String(EMPTY_CHUNK_SECONDS) })
          : speechKey({ engine: engine.name, identity, voice, rate: settings.rate, pitch: settings.pitch, sampleRate: SAMPLE_RATE, text: spoken });
        return { key, text: s.text, spoken, parts, empty };
      }),
    };
  });
  return { settings, engine, voice, lexicon, lexiconDiagnostics: diagnostics, clips, narration, planned };
}

/** The store keys of the lesson's narration (speech chunks and voice-over conversions), reading nothing from the store. */
export function narrationKeys(course: Course, lesson: Lesson, opts: NarrateOptions = {}): StoreKey[] {
  const { planned, narration, lexicon } = planNarration(course, lesson, opts);
  return planned.flatMap((p) => {
    if (!p.clip) return p.chunks.flatMap((c) => [c.key, alignKey({ key: c.key, texts: [c.spoken] })]);
    const key = voiceOverKey(fileDigest(p.clip.file), SAMPLE_RATE);
    const sentences = narration.find((n) => n.id === p.id)!.sentences.map((s) => pronounce(s.plain, lexicon, { rules: opts.rules }));
    return [key, alignKey({ key, texts: sentenceTexts(sentences) })];
  });
}

/** Synthesizes (or finds in the store) every paragraph of the lesson; voice-over clips replace theirs. */
export async function narrateLesson(course: Course, lesson: Lesson, opts: NarrateOptions = {}): Promise<LessonAudio> {
  const { settings, engine, voice, lexicon, lexiconDiagnostics, clips, narration, planned } = planNarration(course, lesson, opts);
  const synthesize = opts.synthesize !== false;
  const diagnostics: Diagnostic[] = [...lexiconDiagnostics];
  const store = storeFor(course);
  const voiceOvers = new Map<string, Promise<{ file: string; duration: number; source: string; clip: string; key: StoreKey }>>();
  for (const p of planned) {
    if (!p.clip) continue;
    const vo = voiceOverAudio(course, store, p.clip, synthesize);
    vo.catch(ignoreError('awaited below, where its error is thrown'));
    voiceOvers.set(p.id, vo);
  }

  // One look at the store per distinct chunk, all at once.
  const unique = new Map<string, { key: StoreKey; spoken: string; empty: boolean }>();
  for (const p of planned) for (const c of p.chunks) unique.set(c.key.hash, c);
  const found = new Map<string, CachedClip>();
  await Promise.all([...unique.values()].map(async (c) => { const hit = await readClip(store, c.key); if (hit) found.set(c.key.hash, hit); }));
  let cached = 0;
  for (const p of planned) for (const c of p.chunks) if (found.has(c.key.hash)) cached++;
  const misses: Miss[] = [];
  for (const c of unique.values()) {
    if (found.has(c.key.hash)) continue;
    if (!synthesize) throw notCached(`"${c.spoken}" (${lesson.slug})`);
    if (c.empty) {
      const wav = tempWav(course);
      writeWav(wav, silence(EMPTY_CHUNK_SECONDS), SAMPLE_RATE);
      found.set(c.key.hash, await putClip(store, c.key, wav, { duration: EMPTY_CHUNK_SECONDS, sampleRate: SAMPLE_RATE, loudness: null, text: '' }));
    } else {
      misses.push({ key: c.key, req: { text: c.spoken, voice, rate: settings.rate, pitch: settings.pitch }, meta: { engine: engine.name, voice, text: c.spoken } });
    }
  }

  // A clip used for the first time (or recorded again) is bound to the words its paragraph has now.
  const stale = new Map<string, string>();
  for (const p of planned) {
    if (!p.clip) continue;
    const text = narration.find((n) => n.id === p.id)!.plain;
    const b = bindingState(p.clip, text);
    if (b.state === 'stale') stale.set(p.id, b.recorded);
    else if ((b.state === 'unbound' || b.state === 'rerecorded') && synthesize) {
      try {
        writeBinding(p.clip.file, text);
      } catch (err) {
        diagnostics.push({ code: 'voice-over-unbound', severity: 'warning', file: relative(course.root, p.clip.file), line: 1, column: 1,
          message: `could not record which words ${relative(course.root, p.clip.file)} says (${(err as Error).message}); a later edit of its paragraph will not be noticed`,
          hint: 'make the voice/ folder writable, or run `lessoncast voice <slug>` where it is' });
      }
    }
  }
  // The same findings lint reports (one implementation: voice-over-findings.ts).
  diagnostics.push(...voiceOverFindings(lesson, clips, course.root, voiceOverDir(course, lesson.slug)));

  if (misses.length) {
    const bar = await progressBar(opts.progress, misses.length, `narrate ${lesson.slug} (${engine.name})`);
    try {
      await synthesizeMisses(course, engine, store, misses, (n) => bar.tick(n));
    } finally {
      bar.stop();
    }
    await Promise.all(misses.map(async (m) => {
      const hit = await readClip(store, m.key);
      if (!hit) throw new Error(`speech entry ${m.key.hash} missing after synthesis`);
      found.set(m.key.hash, hit);
    }));
  }

  // Word times: the engine's, else aligned against festival (kept in the store), mapped to the written words.
  const sentencesOf = (id: string) => narration.find((n) => n.id === id)!.sentences.map((s) => pronounce(s.plain, lexicon, { rules: opts.rules }));
  const wordClips: WordClip[] = [];
  for (const p of planned) {
    const vo = voiceOvers.get(p.id);
    if (vo) { const v = await vo; wordClips.push({ key: v.key, wav: v.file, texts: sentenceTexts(sentencesOf(p.id)) }); continue; }
    for (const c of p.chunks) { const clip = found.get(c.key.hash)!; wordClips.push({ key: c.key, wav: clip.wavFile, texts: [c.spoken], words: clip.words }); }
  }
  const spokenWords = await clipWords(store, wordClips);
  const wordsOf = (key: StoreKey) => spokenWords.get(`${key.kind}/${key.hash}`);

  const paragraphs: ParagraphAudio[] = [];
  for (const p of planned) {
    const vo = voiceOvers.get(p.id);
    if (vo) {
      const { key, ...v } = await vo;
      paragraphs.push({ narrationId: p.id, chunks: [], voiceOver: { ...v, words: voiceOverWords(wordsOf(key), sentencesOf(p.id), v.duration), ...(stale.has(p.id) ? { staleText: stale.get(p.id) } : {}) }, duration: v.duration });
      continue;
    }
    const chunks: SpeechChunk[] = p.chunks.map((c, i) => {
      const clip = found.get(c.key.hash)!;
      return { id: `${p.id}#${i + 1}`, narrationId: p.id, text: c.text, spoken: c.spoken, wavFile: clip.wavFile, duration: clip.duration,
        words: writtenWordTimes(c.parts, wordsOf(c.key), clip.duration) };
    });
    paragraphs.push({ narrationId: p.id, chunks, voiceOver: null, duration: chunks.reduce((t, c) => t + c.duration, 0) });
  }

  const audio: LessonAudio = { slug: lesson.slug, engine: engine.name, voice, sampleRate: SAMPLE_RATE, paragraphs,
    stats: { synthesized: misses.length, cached }, diagnostics };
  if (settings.rate !== undefined) audio.rate = settings.rate;
  if (settings.pitch !== undefined) audio.pitch = settings.pitch;
  return audio;
}
