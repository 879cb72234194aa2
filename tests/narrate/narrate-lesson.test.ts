import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error no type declarations
import { WebVTTParser } from 'webvtt-parser';
import { openCourse, type Course } from '../../src/course.ts';
import { LessoncastError } from '../../src/errors.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { lessonNarration, type Lesson } from '../../src/types.ts';
import { festivalEngine } from '../../src/narrate/engines/festival.ts';
import { fliteEngine } from '../../src/narrate/engines/flite.ts';
import { fliteWordTimes } from './flite-word-times.ts';
import { storeFor } from '../../src/store/store-for.ts';
import { alignKey } from '../../src/narrate/align/lesson-words.ts';
import { narrateLesson } from '../../src/narrate/narrate-lesson.ts';
import { toVtt } from '../../src/narrate/captions.ts';
import { concatWav, readWavInfo } from '../../src/narrate/wav.ts';
import type { LessonAudio, SpeechEngine } from '../../src/narrate/types.ts';

const SCRIPT = `# Narration test

Run kubectl apply on pod-httpd.yml. Cool, that worked.

The loopback interface is 127.0.0.1 on every pod.

This paragraph is read by a person instead.
`;

/** Festival, counting the texts it is asked to say (a warm run must ask for none). */
function counting(engine: SpeechEngine): SpeechEngine & { said: string[] } {
  const said: string[] = [];
  return {
    ...engine,
    said,
    async synthesize(req, out) { said.push(req.text); return engine.synthesize(req, out); },
    async synthesizeMany(items) { said.push(...items.map((i) => i.req.text)); return engine.synthesizeMany!(items); },
  };
}

let root: string;
let course: Course;
let lesson: Lesson;
let first: LessonAudio;
let engine: ReturnType<typeof counting>;
const PATH = process.env.PATH;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lessoncast-narrate-'));
  mkdirSync(join(root, 'transcripts'));
  writeFileSync(join(root, 'transcripts', 't.md'), SCRIPT);
  course = await openCourse({ root });
  lesson = await readLesson(course, 't');
  engine = counting(festivalEngine);
  first = await narrateLesson(course, lesson, { engine });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => { process.env.PATH = PATH; });

describe('narrateLesson with festival', () => {
  it('makes a chunk per sentence whose durations add up to the whole paragraph within 10 ms', () => {
    expect(first.engine).toBe('festival');
    expect(first.voice).toBe('cmu_us_slt_arctic_hts');
    expect(first.sampleRate).toBe(48000);
    expect(first.paragraphs.map((p) => p.chunks.length)).toEqual([2, 1, 1]);
    expect(engine.said).toHaveLength(4);
    for (const p of first.paragraphs) {
      for (const c of p.chunks) {
        expect(c.wavFile.startsWith(join(course.cacheDir, 'speech'))).toBe(true);
        expect(readWavInfo(c.wavFile).duration).toBe(c.duration);
        expect(c.duration).toBeGreaterThan(0.5);
      }
      const sum = p.chunks.reduce((t, c) => t + c.duration, 0);
      const whole = concatWav(p.chunks.map((c) => c.wavFile), join(root, `${p.narrationId}.wav`));
      expect(Math.abs(whole.duration - sum)).toBeLessThan(0.010);
      expect(Math.abs(p.duration - sum)).toBeLessThan(1e-9);
    }
  });

  it('speaks the lexicon\'s form and captions the written one', () => {
    const [run, cool] = first.paragraphs[0].chunks;
    expect(run.text).toBe('Run kubectl apply on pod-httpd.yml.');
    expect(run.spoken).toBe('Run kube control apply on pod H T T P D dot yammel.');
    expect(cool.spoken).toBe('Cool, that worked.');
    expect(first.paragraphs[1].chunks[0].spoken).toBe('The loopback interface is one two seven dot zero dot zero dot one on every pod.');
    const vtt = toVtt(scheduleLesson(lesson, first, []));
    const text = (new WebVTTParser().parse(vtt, 'subtitles').cues as { text: string }[]).map((c) => c.text).join(' ');
    expect(text).toContain('Run kubectl apply on pod-httpd.yml.');
    expect(text).toContain('127.0.0.1');
    expect(text).not.toMatch(/kube control|yammel|one two seven/);
  });

  it('synthesizes nothing on a warm re-run, even with the engine gone from PATH', async () => {
    process.env.PATH = join(root, 'no-tools-here');
    const warm = counting(festivalEngine);
    const t0 = performance.now();
    const again = await narrateLesson(course, lesson, { engine: warm });
    const ms = performance.now() - t0;
    expect(warm.said).toEqual([]);
    expect(again.stats).toEqual({ synthesized: 0, cached: 4 });
    expect(again.paragraphs).toEqual(first.paragraphs);
    expect(ms).toBeLessThan(300);
  });

  it('re-synthesizes only the sentence whose spoken form a course lexicon changes', async () => {
    writeFileSync(join(root, 'lexicon.yml'), 'kubectl: cube cuttle\n');
    try {
      const eng = counting(festivalEngine);
      const audio = await narrateLesson(course, lesson, { engine: eng });
      expect(eng.said).toEqual(['Run cube cuttle apply on pod H T T P D dot yammel.']);
      expect(audio.paragraphs[0].chunks[0].text).toBe('Run kubectl apply on pod-httpd.yml.');
      expect(audio.paragraphs[0].chunks[0].wavFile).not.toBe(first.paragraphs[0].chunks[0].wavFile);
      expect(audio.paragraphs[0].chunks[1].wavFile).toBe(first.paragraphs[0].chunks[1].wavFile);
    } finally {
      rmSync(join(root, 'lexicon.yml'));
    }
  });

  it('lets a voice-over clip replace its paragraph; the timeline follows the clip\'s length', async () => {
    const id = lessonNarration(lesson)[2].id;
    const dir = join(root, 'recordings', 't', 'voice');
    mkdirSync(dir, { recursive: true });
    // A 2.5 s MP3 stands in for the author's recording.
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=2.5', '-ac', '2', '-ar', '44100', '-c:a', 'libmp3lame', join(dir, `${id}.mp3`)]);
    writeFileSync(join(dir, 'no-such-paragraph.wav'), 'not used');
    const eng = counting(festivalEngine);
    const audio = await narrateLesson(course, lesson, { engine: eng });
    expect(eng.said).toEqual([]);
    const p = audio.paragraphs[2];
    expect(p.chunks).toEqual([]);
    expect(p.voiceOver!.source).toBe(join(dir, `${id}.mp3`));
    expect(p.voiceOver!.duration).toBeGreaterThan(2.45);
    expect(p.voiceOver!.duration).toBeLessThan(2.6);
    expect(readWavInfo(p.voiceOver!.file)).toMatchObject({ sampleRate: 48000, channels: 1, bitsPerSample: 16, duration: p.voiceOver!.duration });
    expect(p.duration).toBe(p.voiceOver!.duration);
    expect(audio.diagnostics).toEqual([expect.objectContaining({ code: 'voice-over-unmatched', severity: 'warning', file: 'recordings/t/voice/no-such-paragraph.wav' })]);
    const cue = scheduleLesson(lesson, audio, []).cues.find((c) => c.type === 'narration' && c.narrationId === id)!;
    expect(cue.end - cue.start).toBeCloseTo(p.voiceOver!.duration, 6);
    expect(cue.audio).toBe(p.voiceOver!.file);
    rmSync(join(root, 'recordings'), { recursive: true });
  });

  it('gives every chunk festival\'s word times, mapped back to the written words', () => {
    const chunk = first.paragraphs[0].chunks[0];
    expect(chunk.text).toBe('Run kubectl apply on pod-httpd.yml.');
    expect(chunk.words!.map((w) => w.text)).toEqual(['Run', 'kubectl', 'apply', 'on', 'pod-httpd.yml']);
    for (const [i, w] of chunk.words!.entries()) {
      expect(w.end).toBeGreaterThan(w.start);
      expect(w.start).toBeGreaterThanOrEqual(i ? chunk.words![i - 1].end : 0);
    }
    // "pod-httpd.yml" is said "pod H T T P D dot yammel": seven spoken words, one written one.
    expect(chunk.words![4].end - chunk.words![4].start).toBeGreaterThan(1.5);
    expect(chunk.words!.at(-1)!.end).toBeLessThanOrEqual(chunk.duration);
  });

  it('aligns a voice-over clip against festival: its words within 0.15 s of where they are said', async () => {
    const n = lessonNarration(lesson)[2];
    const dir = join(root, 'recordings', 't', 'voice');
    mkdirSync(dir, { recursive: true });
    // The "person" is flite, with a second of silence before (a recording rarely starts on the word).
    const raw = join(root, 'vo-raw.wav');
    await fliteEngine.synthesize({ text: n.plain }, raw);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', raw, '-af', 'adelay=1000,apad=pad_dur=0.7', join(dir, `${n.id}.wav`)]);
    try {
      const audio = await narrateLesson(course, lesson, { engine: counting(festivalEngine) });
      const words = audio.paragraphs[2].voiceOver!.words!;
      const truth = fliteWordTimes(n.plain);
      expect(words.map((w) => w.text)).toEqual(truth.map((w) => w.word));
      for (const [i, w] of words.entries()) {
        expect(Math.abs(w.start - (truth[i].start + 1))).toBeLessThan(0.15);
        expect(Math.abs(w.end - (truth[i].end + 1))).toBeLessThan(0.15);
      }
      const cue = scheduleLesson(lesson, audio, []).cues.find((c) => c.type === 'narration' && c.narrationId === n.id)!;
      expect(cue.words!.map((w) => w.text)).toEqual(truth.map((w) => w.word));
      expect(cue.words![0].start).toBeCloseTo(cue.start + words[0].start, 2);
    } finally {
      rmSync(join(root, 'recordings'), { recursive: true });
    }
  });

  it('aligns the chunks of an engine without word times once, and keeps the result in the cache entry', async () => {
    const flite = await narrateLesson(course, lesson, { voice: { engine: 'flite' } });
    const chunk = flite.paragraphs[1].chunks[0];
    expect(chunk.words!.map((w) => w.text)).toEqual(['The', 'loopback', 'interface', 'is', '127.0.0.1', 'on', 'every', 'pod']);
    // The alignment is a store entry of its own (kind align), keyed by the clip's entry and its text.
    const store = storeFor(course);
    const aligned = await store.get(alignKey({ key: store.keyOf(chunk.wavFile)!, texts: [chunk.spoken] }));
    expect((aligned!.meta.words as { word: string }[]).map((w) => w.word)).toContain('loopback');
    // Warm, with no tool on PATH at all: the same words, from the cache.
    process.env.PATH = join(root, 'no-tools-here');
    const warm = await narrateLesson(course, lesson, { voice: { engine: 'flite' } });
    expect(warm.paragraphs[1].chunks[0].words).toEqual(chunk.words);
  });

  it('says which package to install when the engine is missing and speech is needed', async () => {
    writeFileSync(join(root, 'transcripts', 't.md'), SCRIPT + '\nA new sentence needs the engine.\n');
    try {
      const changed = await readLesson(course, 't');
      process.env.PATH = join(root, 'no-tools-here');
      const err = await narrateLesson(course, changed).catch((e) => e);
      expect(err).toBeInstanceOf(LessoncastError);
      expect(err.message).toMatch(/festival is not installed/);
      expect(err.fix).toContain('apt-get install -y festival festvox-us-slt-hts');
    } finally {
      writeFileSync(join(root, 'transcripts', 't.md'), SCRIPT);
    }
  });
});
