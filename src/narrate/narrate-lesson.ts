/**
 * The narration of a lesson: a speech chunk per sentence of each paragraph (so every cue has an
 * exact time), or the author's voice-over clip for the paragraph, all in one WAV format, cached.
 */
import { createHash, randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { closest } from 'fastest-levenshtein';
import type { Course } from '../course.ts';
import type { VoiceConfig } from '../config.ts';
import { lessonNarration, type Diagnostic, type Lesson } from '../types.ts';
import type { LessonAudio, ParagraphAudio, SpeechChunk, SpeechEngine, SpeechRequest } from './types.ts';
import { resolveEngine } from './engines/index.ts';
import { pronounce, spokenText, type SpokenPart } from './pronounce.ts';
import { chunkWords, voiceOverWords } from './align/lesson-words.ts';
import { writtenWordTimes } from './align/written-words.ts';
import { readLexicon } from './read-lexicon.ts';
import { voiceSettings } from './voice-settings.ts';
import { clipDir, clipPaths, readClipMeta, speechKey, writeClipMeta } from './speech-cache.ts';
import { findVoiceOvers, voiceOverDir, type VoiceOverClip } from './voice-over.ts';
import { normalizeAudio } from './normalize-audio.ts';
import { readWavInfo, SAMPLE_RATE, silence, writeWav } from './wav.ts';

export interface NarrateOptions {
  /** A progress bar on stderr while synthesizing (only when stderr is a terminal). */
  progress?: boolean;
  /** Overrides the course and frontmatter voice (the benchmark compares engines this way). */
  voice?: VoiceConfig;
  /** Uses this engine instead of resolving one by name (tests wrap an engine to count its calls). */
  engine?: SpeechEngine;
  /** false: the lexicon alone, without the pronunciation rules (the benchmark's baseline). */
  rules?: boolean;
}

/** Chunks with nothing to say (a sentence of punctuation) become this much silence. */
const EMPTY_CHUNK_SECONDS = 0.25;
/** Items per festival process: the voice loads once per batch (~1 s), and the progress bar still moves. */
const BATCH_SIZE = 8;
/** Syntheses running at once, across all lessons of this process: the machine has 2 cores. */
const MAX_PARALLEL = 2;

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

interface Miss { key: string; req: SpeechRequest; wav: string; meta: { engine: string; voice: string; text: string } }
/** A hit counts only when it has what the engine gives: an entry without word times from a word-timing engine is made again. */
const hit = (engine: SpeechEngine, dir: string, key: string) => { const m = readClipMeta(dir, key); return !!m && (!engine.wordTimes || !!m.words); };

/** Synthesizes the misses into the cache: batches for engines that have them, else one at a time; 2 in parallel. */
async function synthesizeMisses(engine: SpeechEngine, dir: string, misses: Miss[], onDone: (n: number) => void): Promise<void> {
  const size = engine.synthesizeMany ? Math.max(1, Math.min(BATCH_SIZE, Math.ceil(misses.length / MAX_PARALLEL))) : 1;
  const batches: Miss[][] = [];
  for (let i = 0; i < misses.length; i += size) batches.push(misses.slice(i, i + size));
  await Promise.all(batches.map((batch) => inSlot(async () => {
    // Engines write to a temporary name; the rename and then the JSON make the entry visible whole.
    const tmp = batch.map((m) => `${m.wav}.${process.pid}.${randomBytes(4).toString('hex')}.tmp.wav`);
    try {
      const items = batch.map((m, i) => ({ req: m.req, outFile: tmp[i] }));
      const results = engine.synthesizeMany && batch.length > 1 ? await engine.synthesizeMany(items) : [await engine.synthesize(items[0].req, items[0].outFile)];
      for (const [i, m] of batch.entries()) {
        // Durations come from the WAV header (samples / rate) of the file actually cached, whatever the engine said.
        let info = readWavInfo(tmp[i]);
        if (info.sampleRate !== SAMPLE_RATE || info.channels !== 1 || info.bitsPerSample !== 16 || info.format !== 1) {
          // A plug-in engine may return any WAV: bring it to the common format.
          info = await normalizeAudio(tmp[i], m.wav);
        } else renameSync(tmp[i], m.wav);
        const words = results[i]?.words;
        writeClipMeta(dir, m.key, { duration: info.duration, sampleRate: info.sampleRate, ...m.meta, ...(words ? { words } : {}) });
      }
      onDone(batch.length);
    } finally {
      for (const t of tmp) rmSync(t, { force: true });
    }
  })));
}

/** The voice-over clip in the common format (converted once, cached by the file's path, size and time). */
async function voiceOverAudio(course: Course, clip: VoiceOverClip): Promise<{ file: string; duration: number; source: string }> {
  const dir = clipDir(course.cacheDir, 'voice-over');
  const source = relative(course.root, clip.file);
  const key = createHash('sha256').update(JSON.stringify([1, source, clip.size, clip.mtimeMs, SAMPLE_RATE])).digest('hex').slice(0, 32);
  const hit = readClipMeta(dir, key);
  if (hit) return { file: hit.wavFile, duration: hit.duration, source: clip.file };
  const { wav } = clipPaths(dir, key);
  const info = await inSlot(() => normalizeAudio(clip.file, wav));
  writeClipMeta(dir, key, { duration: info.duration, sampleRate: info.sampleRate, source });
  return { file: wav, duration: info.duration, source: clip.file };
}

/** A progress bar on stderr, or nothing (not a terminal, or not asked for). */
async function progressBar(enabled: boolean | undefined, total: number, label: string): Promise<{ tick(n: number): void; stop(): void }> {
  if (!enabled || !process.stderr.isTTY || total === 0) return { tick() {}, stop() {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} sentences`, stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { tick: (n) => bar.increment(n), stop: () => bar.stop() };
}

/** Synthesizes (or finds in the cache) every paragraph of the lesson; voice-over clips replace theirs. */
export async function narrateLesson(course: Course, lesson: Lesson, opts: NarrateOptions = {}): Promise<LessonAudio> {
  const settings = voiceSettings(course.config, lesson.meta, opts.voice);
  const engine = opts.engine ?? resolveEngine(settings.engine, course.config);
  const voice = settings.voice ?? engine.defaultVoice;
  const { lexicon, diagnostics: lexiconDiagnostics } = readLexicon(course);
  const diagnostics: Diagnostic[] = [...lexiconDiagnostics];
  const clips = findVoiceOvers(course, lesson.slug);
  const speechDir = clipDir(course.cacheDir, 'speech');
  const narration = lessonNarration(lesson);

  const misses = new Map<string, Miss>();
  const voiceOvers = new Map<string, Promise<{ file: string; duration: number; source: string }>>();
  const planned: { id: string; chunks: { key: string; text: string; spoken: string; parts: SpokenPart[]; wav: string; empty: boolean }[] }[] = [];
  let cached = 0;
  for (const n of narration) {
    const clip = clips.get(n.id);
    if (clip) {
      voiceOvers.set(n.id, voiceOverAudio(course, clip));
      planned.push({ id: n.id, chunks: [] });
      continue;
    }
    const chunks = n.sentences.map((s) => {
      const parts = pronounce(s.plain, lexicon, { rules: opts.rules });
      const spoken = spokenText(parts);
      const empty = !/[\p{L}\p{N}]/u.test(spoken);
      const key = speechKey({ engine: empty ? 'silence' : engine.name, voice: empty ? '' : voice, rate: settings.rate, pitch: settings.pitch, sampleRate: SAMPLE_RATE, text: empty ? '' : spoken });
      const { wav } = clipPaths(speechDir, key);
      if (empty ? readClipMeta(speechDir, key) : hit(engine, speechDir, key)) cached++;
      else if (empty) {
        writeWav(wav, silence(EMPTY_CHUNK_SECONDS), SAMPLE_RATE);
        writeClipMeta(speechDir, key, { duration: EMPTY_CHUNK_SECONDS, sampleRate: SAMPLE_RATE, text: '' });
      } else if (!misses.has(key)) {
        misses.set(key, { key, wav, req: { text: spoken, voice, rate: settings.rate, pitch: settings.pitch }, meta: { engine: engine.name, voice, text: spoken } });
      } else cached++;
      return { key, text: s.text, spoken, parts, wav, empty };
    });
    planned.push({ id: n.id, chunks });
  }

  const ids = new Set(narration.map((n) => n.id));
  for (const clip of clips.values()) {
    if (ids.has(clip.id)) continue;
    const near = ids.size ? closest(clip.id, [...ids]) : undefined;
    diagnostics.push({
      code: 'voice-over-unmatched', severity: 'warning', file: relative(course.root, clip.file), line: 1, column: 1,
      message: `voice-over clip ${basename(clip.file)} names no paragraph of ${lesson.slug}; it is not used`,
      hint: near ? `rename it to ${near}${clip.file.slice(clip.file.lastIndexOf('.'))} (\`lessoncast voice ${lesson.slug}\` lists the ids; clips live in ${relative(course.root, voiceOverDir(course, lesson.slug))})` : undefined,
    });
  }

  if (misses.size) {
    const bar = await progressBar(opts.progress, misses.size, `narrate ${lesson.slug} (${engine.name})`);
    try {
      await synthesizeMisses(engine, speechDir, [...misses.values()], (n) => bar.tick(n));
    } finally {
      bar.stop();
    }
  }

  // Word times: the engine's, else aligned against festival (cached in the entry), mapped to the written words.
  const spokenWords = await chunkWords(speechDir, planned.flatMap((p) => p.chunks));
  const paragraphs: ParagraphAudio[] = [];
  for (const p of planned) {
    const vo = voiceOvers.get(p.id);
    if (vo) {
      const v = await vo;
      const sentences = narration.find((n) => n.id === p.id)!.sentences.map((s) => pronounce(s.plain, lexicon, { rules: opts.rules }));
      paragraphs.push({ narrationId: p.id, chunks: [], voiceOver: { ...v, words: await voiceOverWords(course.cacheDir, v, sentences) }, duration: v.duration });
      continue;
    }
    const chunks: SpeechChunk[] = p.chunks.map((c, i) => {
      const meta = readClipMeta(speechDir, c.key);
      if (!meta) throw new Error(`speech cache entry ${c.key} missing after synthesis`);
      return { id: `${p.id}#${i + 1}`, narrationId: p.id, text: c.text, spoken: c.spoken, wavFile: c.wav, duration: meta.duration,
        words: writtenWordTimes(c.parts, spokenWords.get(c.key), meta.duration) };
    });
    paragraphs.push({ narrationId: p.id, chunks, voiceOver: null, duration: chunks.reduce((t, c) => t + c.duration, 0) });
  }

  const audio: LessonAudio = { slug: lesson.slug, engine: engine.name, voice, sampleRate: SAMPLE_RATE, paragraphs,
    stats: { synthesized: misses.size, cached }, diagnostics };
  if (settings.rate !== undefined) audio.rate = settings.rate;
  if (settings.pitch !== undefined) audio.pitch = settings.pitch;
  return audio;
}
