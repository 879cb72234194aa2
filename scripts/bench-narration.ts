/**
 * Narration benchmark: synthesizes every lesson of the course with each offline engine, runs an
 * offline recognizer (Debian's pocketsphinx + pocketsphinx-en-us) on the result, and prints the
 * word error rate per engine against the spoken text (after the lexicon: that is what was said).
 * Then times a warm re-run of the default narration (target: under 0.3 s for both seeds).
 *
 *   node --import tsx scripts/bench-narration.ts [--engines festival,flite,espeak-ng] [--root DIR] [--out DIR] [--cold] [--errors]
 *
 * --out: where the speech cache lives (default: the course's build/); --cold: a fresh temporary cache;
 * --errors: print each lesson's scored text with its errors marked [written→heard].
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { narrateLesson } from '../src/narrate/narrate-lesson.ts';
import { captionText } from '../src/narrate/captions.ts';
import { normalizeAudio } from '../src/narrate/normalize-audio.ts';
import { readWav, silence, writeWav, SAMPLE_RATE } from '../src/narrate/wav.ts';
import { requireTool, run } from '../src/adapters/tools.ts';
import type { LessonAudio } from '../src/narrate/types.ts';
import type { Lesson } from '../src/types.ts';

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** Punctuation a voice reads out and a transcript writes as a sign: not scored on either side. */
const SYMBOL_WORDS = new Set(['dot', 'slash', 'colon', 'dash', 'underscore', 'equals', 'tilde', 'hyphen']);

/** A number read as words from `w[i]`: zero–nineteen, or a ten with its unit. */
function belowHundred(w: string[], i: number): [number, number] | null {
  const u = ONES.indexOf(w[i]);
  if (u >= 0) return [u, i + 1];
  const t = TENS.indexOf(w[i]);
  if (t < 2) return null;
  const u2 = ONES.indexOf(w[i + 1] ?? '');
  return u2 > 0 && u2 < 10 ? [t * 10 + u2, i + 2] : [t * 10, i + 1];
}

/** Up to 999, with "hundred" and an optional "and". */
function belowThousand(w: string[], i: number): [number, number] | null {
  const a = belowHundred(w, i);
  if (!a) return null;
  let [v, j] = a;
  if (w[j] === 'hundred' && v > 0) {
    v *= 100; j++;
    const k = w[j] === 'and' && belowHundred(w, j + 1) ? j + 1 : j;
    const b = belowHundred(w, k);
    if (b && b[0] > 0) [v, j] = [v + b[0], b[1]];
  }
  return [v, j];
}

/**
 * Number words → digits, one token per digit ("eighty" → 8 0, "one two seven" → 1 2 7,
 * "one hundred twenty seven" → 1 2 7), so that a number scores the same however it was read.
 */
export function numbersToDigits(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const a = belowThousand(words, i);
    if (!a) { out.push(words[i++]); continue; }
    let [v, j] = a;
    if (words[j] === 'thousand' && v > 0) {
      v *= 1000; j++;
      const b = belowThousand(words, j);
      if (b && b[0] > 0) [v, j] = [v + b[0], b[1]];
    }
    out.push(...String(v));
    i = j;
  }
  return out;
}

/**
 * The words a transcript of the speech would have, for scoring, applied alike to the written
 * narration (the reference) and to what the recognizer heard: lower case, apostrophes dropped
 * (it's/its, pod's/pods sound the same), every other sign a word break, numbers as digits
 * (digit by digit), signs read out ("dot", "slash") not scored, and spelled letters joined
 * ("I P" and "ip" are the same word), as usual when scoring speech recognition.
 */
export function normalizeWords(text: string): string[] {
  const words = text.toLowerCase()
    .replace(/['’]/g, '')
    .replace(/(\d)/g, ' $1 ')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !SYMBOL_WORDS.has(w));
  const out: string[] = [];
  let letters = '';
  const flush = () => { if (letters) out.push(letters); letters = ''; };
  for (const w of numbersToDigits(words.map((w) => (/^\d$/.test(w) ? ONES[Number(w)] : w)))) {
    // "a" is a word far more often than a spelled letter.
    if (w.length === 1 && w !== 'a' && !/\d/.test(w)) letters += w;
    else { flush(); out.push(w); }
  }
  flush();
  return out;
}

/**
 * Word-level edit distance with its parts: substitutions, deletions, insertions. A word written
 * as one and heard as two ("loopback" / "loop back", "nodeport" / "node port"), or the other way
 * round, is a match: how a compound is split is spelling, not hearing.
 */
export function wordErrors(ref: string[], hyp: string[]): { s: number; d: number; i: number; n: number; hit: boolean[]; pairs: [string, string][] } {
  const rows = ref.length + 1;
  const cols = hyp.length + 1;
  const MAXK = 3;
  const dist = new Uint32Array(rows * cols);
  // How each cell was reached: 0 diagonal, 1 deletion, 2 insertion, 10+k ref word = k hyp words, 20+k k ref words = hyp word.
  const how = new Uint8Array(rows * cols);
  for (let r = 1; r < rows; r++) { dist[r * cols] = r; how[r * cols] = 1; }
  for (let c = 1; c < cols; c++) { dist[c] = c; how[c] = 2; }
  for (let r = 1; r < rows; r++)
    for (let c = 1; c < cols; c++) {
      let best = dist[(r - 1) * cols + c - 1] + (ref[r - 1] === hyp[c - 1] ? 0 : 1);
      let step = 0;
      if (dist[(r - 1) * cols + c] + 1 < best) { best = dist[(r - 1) * cols + c] + 1; step = 1; }
      if (dist[r * cols + c - 1] + 1 < best) { best = dist[r * cols + c - 1] + 1; step = 2; }
      for (let k = 2; k <= MAXK; k++) {
        if (c >= k && dist[(r - 1) * cols + c - k] < best && hyp.slice(c - k, c).join('') === ref[r - 1]) { best = dist[(r - 1) * cols + c - k]; step = 10 + k; }
        if (r >= k && dist[(r - k) * cols + c - 1] < best && ref.slice(r - k, r).join('') === hyp[c - 1]) { best = dist[(r - k) * cols + c - 1]; step = 20 + k; }
      }
      dist[r * cols + c] = best;
      how[r * cols + c] = step;
    }
  let r = ref.length, c = hyp.length, s = 0, d = 0, i = 0;
  const hit = new Array<boolean>(ref.length).fill(false);
  // The alignment as [written, heard] pairs in text order ("" for a word missing on one side).
  const errors: [string, string][] = [];
  while (r > 0 || c > 0) {
    const step = how[r * cols + c];
    if (step === 0) {
      if (ref[r - 1] !== hyp[c - 1]) { s++; errors.push([ref[r - 1], hyp[c - 1]]); }
      else { hit[r - 1] = true; errors.push([ref[r - 1], ref[r - 1]]); }
      r--; c--;
    } else if (step === 1) { d++; errors.push([ref[r - 1], '']); r--; }
    else if (step === 2) { i++; errors.push(['', hyp[c - 1]]); c--; }
    else if (step > 20) { const k = step - 20; for (let j = 1; j <= k; j++) hit[r - j] = true; errors.push([ref.slice(r - k, r).join(' '), hyp[c - 1]]); r -= k; c--; }
    else { hit[r - 1] = true; errors.push([ref[r - 1], hyp.slice(c - (step - 10), c).join(' ')]); r--; c -= step - 10; }
  }
  return { s, d, i, n: ref.length, hit, pairs: errors.reverse() };
}

/** The lesson's narration as one 16 kHz WAV (paragraphs apart by silence), for the recognizer. */
async function lessonWav(audio: LessonAudio, dir: string): Promise<string> {
  const parts: Int16Array[] = [];
  // Synthetic speech only: a human voice-over is not what is measured (and has no chunk text).
  for (const p of audio.paragraphs.filter((q) => !q.voiceOver)) {
    // A short silence after each sentence lets the recognizer cut its utterances there, as a listener hears them.
    for (const c of p.chunks) parts.push(readWav(c.wavFile).samples, silence(GAP));
    parts.push(silence(0.6));
  }
  const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  const full = join(dir, `${audio.slug}-${audio.engine}.wav`);
  writeWav(full, all, SAMPLE_RATE);
  const rate16 = join(dir, `${audio.slug}-${audio.engine}-16k.wav`);
  await normalizeAudio(full, rate16, { sampleRate: 16000 });
  return rate16;
}

/** Silence between sentences in the recognizer's input, seconds. */
const GAP = Number(process.env.GAP ?? 0.5);

const DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

/** The recognizer's vocabulary: a word outside it can never be recognized, however well it is said. */
function recognizerWords(): Set<string> {
  if (!existsSync(DICT)) return new Set();
  return new Set(readFileSync(DICT, 'utf8').split('\n').map((l) => l.split(' ')[0].replace(/\(\d+\)$/, '').replace(/'/g, '')).filter(Boolean));
}

/** What pocketsphinx hears in a 16 kHz mono WAV. */
async function recognize(file: string): Promise<string> {
  const ps = requireTool('pocketsphinx_continuous', 'pocketsphinx pocketsphinx-en-us');
  const res = await run(ps, ['-infile', file, '-logfn', '/dev/null'], { timeoutMs: 900_000 });
  if (!res.ok) throw new Error(`pocketsphinx failed: ${res.out.slice(-500)}`);
  return res.out;
}

/** Runs jobs two at a time (the machine has two cores). */
async function pool<T>(jobs: (() => Promise<T>)[], size = 2): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < jobs.length) { const i = next++; out[i] = await jobs[i](); }
  }));
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    engines: { type: 'string', default: 'festival,flite,espeak-ng' },
    root: { type: 'string' }, out: { type: 'string' }, cold: { type: 'boolean', default: false },
    errors: { type: 'boolean', default: false },
  } });
  const engines = values.engines!.split(',').map((e) => e.trim()).filter(Boolean);
  const coldDir = values.cold ? mkdtempSync(join(tmpdir(), 'lessoncast-bench-cache-')) : undefined;
  const course = await openCourse({ root: values.root ?? process.cwd(), out: coldDir ?? values.out });
  const work = mkdtempSync(join(tmpdir(), 'lessoncast-bench-narration-'));
  try {
    const lessons: Lesson[] = [];
    for (const slug of course.slugs) lessons.push(await readLesson(course, slug));
    console.log(`course ${course.root}: ${lessons.map((l) => l.slug).join(', ')}; cache ${course.cacheDir}`);

    const vocabulary = recognizerWords();
    const rows: { engine: string; seconds: number; audio: number; s: number; d: number; i: number; n: number; known: number; knownHit: number }[] = [];
    for (const engine of engines) {
      const t0 = performance.now();
      const audios: LessonAudio[] = [];
      for (const lesson of lessons) audios.push(await narrateLesson(course, lesson, { voice: { engine }, progress: true }));
      const seconds = (performance.now() - t0) / 1000;
      const synthesized = audios.reduce((n, a) => n + (a.stats?.synthesized ?? 0), 0);
      const wavs = await pool(audios.map((a) => () => lessonWav(a, work)));
      const heard = await pool(wavs.map((w) => () => recognize(w)));
      const row = { engine, seconds, audio: 0, s: 0, d: 0, i: 0, n: 0, known: 0, knownHit: 0 };
      for (const [li, a] of audios.entries()) {
        // The reference is what the author wrote (markdown stripped), never the spoken form the
        // lexicon and the rules chose: a respelling that the recognizer likes must not score itself.
        const ref = normalizeWords(a.paragraphs.filter((p) => !p.voiceOver).map((p) => p.chunks.map((c) => captionText(c.text)).join(' ')).join(' '));
        const hyp = normalizeWords(heard[li]);
        const e = wordErrors(ref, hyp);
        const known = ref.map((w) => vocabulary.has(w));
        const k = known.filter(Boolean).length;
        const kHit = e.hit.filter((h, j) => h && known[j]).length;
        row.s += e.s; row.d += e.d; row.i += e.i; row.n += e.n; row.known += k; row.knownHit += kHit;
        row.audio += a.paragraphs.reduce((t, p) => t + p.duration, 0);
        const oov = [...new Set(ref.filter((w) => !vocabulary.has(w)))];
        if (values.errors) console.log(alignedText(e.pairs));
        console.log(`  ${engine.padEnd(10)} ${a.slug.padEnd(24)} WER ${pct((e.s + e.d + e.i) / e.n)}  recognized ${pct((e.n - e.s - e.d) / e.n)} of ${e.n} words, ${pct(kHit / k)} of the ${k} the recognizer knows (unknown to it: ${oov.join(' ')})`);
      }
      rows.push(row);
      console.log(`  ${engine}: ${synthesized} chunk(s) synthesized in ${seconds.toFixed(1)} s for ${row.audio.toFixed(1)} s of speech`);
    }

    console.log('\nengine      WER     recognized (all words)   recognized (in its vocabulary)   speech     narrate time');
    for (const r of rows)
      console.log(`${r.engine.padEnd(10)}  ${pct((r.s + r.d + r.i) / r.n).padStart(6)}  ${pct((r.n - r.s - r.d) / r.n).padStart(6)} of ${String(r.n).padEnd(5)}           ${pct(r.knownHit / r.known).padStart(6)} of ${String(r.known).padEnd(5)}                 ${r.audio.toFixed(1).padStart(6)} s  ${r.seconds.toFixed(1).padStart(6)} s`);

    // Warm re-run of the default narration (festival unless the course says otherwise): all cache hits.
    for (const lesson of lessons) await narrateLesson(course, lesson);
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      for (const lesson of lessons) await narrateLesson(course, lesson);
      times.push((performance.now() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    const read0 = performance.now();
    for (const slug of course.slugs) await narrateLesson(course, await readLesson(course, slug));
    const withParse = (performance.now() - read0) / 1000;
    console.log(`\nwarm re-run, narrateLesson for ${lessons.length} lessons: median ${(times[2] * 1000).toFixed(1)} ms, max ${(times[4] * 1000).toFixed(1)} ms (target < 300 ms); with reading+parsing the scripts: ${(withParse * 1000).toFixed(1)} ms`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (coldDir) rmSync(coldDir, { recursive: true, force: true });
  }
}

/** The scored text with each error shown as [written→heard]: where the voice or the recognizer went wrong. */
export function alignedText(pairs: [string, string][]): string {
  return pairs.map(([w, h]) => (w === h ? w : `[${w || '∅'}→${h || '∅'}]`)).join(' ');
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err?.fix ? `${err.message}\nfix: ${err.fix}` : err);
    process.exit(1);
  });
}
