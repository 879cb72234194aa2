/**
 * How well the aligner (src/narrate/align/) finds word times, where the truth is known:
 * - festival clips said slower, faster or higher (rate 0.8, 1.25; pitch +3 semitones), whose word
 *   times festival itself reports, aligned against festival's plain rendering (the aligner's
 *   reference) of the same sentence;
 * - neural clips (the installed Piper voice), whose word times come from the model's own phoneme
 *   durations, aligned the same way: a different voice, as a human voice-over is.
 * Prints the median and 90th percentile of the error of word starts and ends, per case.
 *
 *   node --import tsx scripts/bench-aligner.ts [--sentences N] [--root DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { lessonNarration } from '../src/types.ts';
import { pronounce, spokenText } from '../src/narrate/pronounce.ts';
import { readLexicon } from '../src/narrate/read-lexicon.ts';
import { festivalEngine } from '../src/narrate/engines/festival.ts';
import { piperSynthesize } from '../src/narrate/engines/piper.ts';
import { installedVoice } from '../src/narrate/voices/installed-voices.ts';
import { DEFAULT_NEURAL_VOICE } from '../src/narrate/voices/voice-catalogue.ts';
import { alignToFestival } from '../src/narrate/align/align-to-festival.ts';
import type { SpeechResult, SpokenWordTime } from '../src/narrate/types.ts';

/** Median and 90th percentile (ms) of |aligned − true| over word starts and ends. */
export function alignmentError(truth: SpokenWordTime[][], aligned: SpokenWordTime[][]): { median: number; p90: number; n: number } {
  const errs: number[] = [];
  const key = (w: string) => w.toLowerCase().replace(/[^a-z0-9]/g, '');
  for (const [i, t] of truth.entries()) {
    const a = aligned[i] ?? [];
    // The aligner reports festival's tokens; the truth's tokens are matched to them in order by text.
    let j = 0;
    for (const w of t) {
      while (j < a.length && key(a[j].word) !== key(w.word)) j++;
      if (j >= a.length) break;
      errs.push(Math.abs(a[j].start - w.start) * 1000, Math.abs(a[j].end - w.end) * 1000);
      j++;
    }
  }
  errs.sort((x, y) => x - y);
  const q = (p: number) => errs.length ? errs[Math.min(errs.length - 1, Math.floor(p * errs.length))] : NaN;
  return { median: q(0.5), p90: q(0.9), n: errs.length };
}

/** Sentences of the course's lessons, as spoken (lexicon and rules applied). */
export async function courseSentences(root: string, max: number): Promise<string[]> {
  const course = await openCourse({ root });
  const { lexicon } = readLexicon(course);
  const out: string[] = [];
  for (const slug of course.slugs) {
    const lesson = await readLesson(course, slug);
    for (const n of lessonNarration(lesson)) for (const s of n.sentences) {
      const spoken = spokenText(pronounce(s.plain, lexicon));
      if (spoken.split(/\s+/).length >= 4) out.push(spoken);
    }
  }
  // Spread over both lessons: every k-th sentence.
  const step = Math.max(1, Math.floor(out.length / max));
  return out.filter((_, i) => i % step === 0).slice(0, max);
}

/** Runs every case; returns the rows it printed. */
export async function benchAligner(root: string, count: number): Promise<{ label: string; median: number; p90: number; n: number }[]> {
  const sentences = await courseSentences(root, count);
  const dir = mkdtempSync(join(tmpdir(), 'lessoncast-bench-aligner-'));
  const rows: { label: string; median: number; p90: number; n: number }[] = [];
  try {
    const cases: { label: string; make: (text: string, out: string) => Promise<SpeechResult> }[] = [
      { label: 'festival rate 0.8', make: async (text, out) => (await festivalEngine.synthesizeMany!([{ req: { text, rate: 0.8 }, outFile: out }]))[0] },
      { label: 'festival rate 1.25', make: async (text, out) => (await festivalEngine.synthesizeMany!([{ req: { text, rate: 1.25 }, outFile: out }]))[0] },
      { label: 'festival pitch +3', make: async (text, out) => (await festivalEngine.synthesizeMany!([{ req: { text, pitch: 3 }, outFile: out }]))[0] },
    ];
    if (installedVoice(DEFAULT_NEURAL_VOICE)) cases.push({ label: `piper ${DEFAULT_NEURAL_VOICE}`, make: (text, out) => piperSynthesize({ text }, out) });
    for (const c of cases) {
      const clips: SpeechResult[] = [];
      for (const [i, text] of sentences.entries()) clips.push(await c.make(text, join(dir, `${c.label.replace(/\W+/g, '-')}-${i}.wav`)));
      const aligned = await alignToFestival(clips.map((r, i) => ({ wav: r.wavFile, texts: [sentences[i]] })));
      if (!aligned) throw new Error('festival (the aligner\'s reference voice) is not installed');
      const e = alignmentError(clips.map((r) => r.words ?? []), aligned);
      rows.push({ label: c.label, ...e });
      console.log(`  aligner on ${c.label.padEnd(26)} median ${e.median.toFixed(0).padStart(4)} ms, p90 ${e.p90.toFixed(0).padStart(4)} ms over ${e.n} word edges (${sentences.length} sentences)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { sentences: { type: 'string', default: '24' }, root: { type: 'string' } } });
  benchAligner(values.root ?? process.cwd(), Number(values.sentences)).catch((err) => {
    console.error(err?.fix ? `${err.message}\nfix: ${err.fix}` : err);
    process.exit(1);
  });
}
