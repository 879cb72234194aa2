/**
 * Narration benchmark: synthesizes every lesson of the course with each offline engine, runs an
 * offline recognizer (Debian's pocketsphinx + pocketsphinx-en-us) on the result, and prints the
 * word error rate per engine against the spoken text (after the lexicon: that is what was said).
 * Then times a warm re-run of the default narration (target: under 0.3 s for both seeds).
 *
 *   node --import tsx scripts/bench-narration.ts [--engines festival,flite,espeak-ng] [--root DIR] [--out DIR] [--cold]
 *
 * --out: where the speech cache lives (default: the course's build/); --cold: a fresh temporary cache.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { narrateLesson } from '../src/narrate/narrate-lesson.ts';
import { normalizeAudio } from '../src/narrate/normalize-audio.ts';
import { readWav, silence, writeWav, SAMPLE_RATE } from '../src/narrate/wav.ts';
import { requireTool, run } from '../src/adapters/tools.ts';
import type { LessonAudio } from '../src/narrate/types.ts';
import type { Lesson } from '../src/types.ts';

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 0–9999 in words, as a recognizer writes them. */
export function numberWords(n: number): string {
  if (n < 20) return ONES[n];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? ` ${ONES[n % 10]}` : '');
  if (n < 1000) return `${ONES[Math.floor(n / 100)]} hundred` + (n % 100 ? ` ${numberWords(n % 100)}` : '');
  if (n < 10000) return `${numberWords(Math.floor(n / 1000))} thousand` + (n % 1000 ? ` ${numberWords(n % 1000)}` : '');
  return String(n).split('').map((d) => ONES[Number(d)]).join(' ');
}

/**
 * Lower-case words without punctuation, numbers spelled out: what a recognizer can output.
 * Apostrophes go (it's/its, pod's/pods sound the same) and spelled letters join up ("i p" and
 * the recognizer's "ip" are the same word), as usual when scoring speech recognition.
 */
export function normalizeWords(text: string): string[] {
  const words = text.toLowerCase()
    .replace(/\d+/g, (d) => ` ${numberWords(Number(d))} `)
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const out: string[] = [];
  let letters = '';
  const flush = () => { if (letters) out.push(letters); letters = ''; };
  for (const w of words) {
    // "a" is a word far more often than a spelled letter.
    if (w.length === 1 && w !== 'a') letters += w;
    else { flush(); out.push(w); }
  }
  flush();
  return out;
}

/** Word-level edit distance with its parts: substitutions, deletions, insertions. */
export function wordErrors(ref: string[], hyp: string[]): { s: number; d: number; i: number; n: number; hit: boolean[] } {
  const rows = ref.length + 1;
  const cols = hyp.length + 1;
  const dist = new Uint32Array(rows * cols);
  for (let r = 0; r < rows; r++) dist[r * cols] = r;
  for (let c = 0; c < cols; c++) dist[c] = c;
  for (let r = 1; r < rows; r++)
    for (let c = 1; c < cols; c++) {
      const sub = dist[(r - 1) * cols + c - 1] + (ref[r - 1] === hyp[c - 1] ? 0 : 1);
      dist[r * cols + c] = Math.min(sub, dist[(r - 1) * cols + c] + 1, dist[r * cols + c - 1] + 1);
    }
  let r = ref.length, c = hyp.length, s = 0, d = 0, i = 0;
  const hit = new Array<boolean>(ref.length).fill(false);
  while (r > 0 || c > 0) {
    const here = dist[r * cols + c];
    if (r > 0 && c > 0 && here === dist[(r - 1) * cols + c - 1] + (ref[r - 1] === hyp[c - 1] ? 0 : 1)) {
      if (ref[r - 1] !== hyp[c - 1]) s++;
      else hit[r - 1] = true;
      r--; c--;
    } else if (r > 0 && here === dist[(r - 1) * cols + c] + 1) { d++; r--; }
    else { i++; c--; }
  }
  return { s, d, i, n: ref.length, hit };
}

/** The lesson's narration as one 16 kHz WAV (paragraphs apart by silence), for the recognizer. */
async function lessonWav(audio: LessonAudio, dir: string): Promise<string> {
  const parts: Int16Array[] = [];
  // Synthetic speech only: a human voice-over is not what is measured (and has no chunk text).
  for (const p of audio.paragraphs.filter((q) => !q.voiceOver)) {
    for (const c of p.chunks) parts.push(readWav(c.wavFile).samples);
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
        const ref = normalizeWords(a.paragraphs.map((p) => p.chunks.map((c) => c.spoken).join(' ')).join(' '));
        const hyp = normalizeWords(heard[li]);
        const e = wordErrors(ref, hyp);
        const known = ref.map((w) => vocabulary.has(w));
        const k = known.filter(Boolean).length;
        const kHit = e.hit.filter((h, j) => h && known[j]).length;
        row.s += e.s; row.d += e.d; row.i += e.i; row.n += e.n; row.known += k; row.knownHit += kHit;
        row.audio += a.paragraphs.reduce((t, p) => t + p.duration, 0);
        const oov = [...new Set(ref.filter((w) => !vocabulary.has(w)))];
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

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err?.fix ? `${err.message}\nfix: ${err.fix}` : err);
    process.exit(1);
  });
}
