/**
 * Parse + lint benchmark: 100 copies of each seed script (in-memory text, real course on disk for
 * the rules that look at files, recordings and slides). Target: under 1 s for all 200.
 * Run: npm run bench:parse
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openCourse } from '../src/course.ts';
import { parseLesson } from '../src/parse/parse-lesson.ts';
import { lintLesson } from '../src/lint/lint-lesson.ts';
import { spellCheckerFor } from '../src/lint/spell-checker.ts';

const COPIES = 100;
const root = fileURLToPath(new URL('..', import.meta.url));
const course = await openCourse({ root });
const seeds = ['pod-to-pod-networking', 'services-and-dns'].map((slug) => ({ slug, file: `transcripts/${slug}.md`, text: readFileSync(`${root}/transcripts/${slug}.md`, 'utf8') }));

const cpu0 = process.cpuUsage();
let t = performance.now();
await spellCheckerFor(course.root, course.config.words ?? [], course.cacheDir);
const dictionaryMs = performance.now() - t;

const run = async (): Promise<{ parseMs: number; lintMs: number; findings: number }> => {
  let parseMs = 0;
  let lintMs = 0;
  let findings = 0;
  for (let i = 0; i < COPIES; i++)
    for (const seed of seeds) {
      const a = performance.now();
      const lesson = parseLesson(seed.text, { file: seed.file, slug: seed.slug });
      const b = performance.now();
      findings += (await lintLesson(course, lesson)).length;
      parseMs += b - a;
      lintMs += performance.now() - b;
    }
  return { parseMs, lintMs, findings };
};

// The first pass also fills the spell checker's per-word cache (suggestions are the slow part).
t = performance.now();
const cold = await run();
const coldMs = performance.now() - t;
t = performance.now();
const warm = await run();
const warmMs = performance.now() - t;

const cpu = process.cpuUsage(cpu0);
const n = COPIES * seeds.length;
const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log(`dictionary load (once per process): ${ms(dictionaryMs)}`);
console.log(`first run,  ${n} lessons: ${ms(coldMs)} total (parse ${ms(cold.parseMs)}, lint ${ms(cold.lintMs)}), ${(coldMs / n).toFixed(2)} ms per lesson, ${cold.findings} findings`);
console.log(`second run, ${n} lessons: ${ms(warmMs)} total (parse ${ms(warm.parseMs)}, lint ${ms(warm.lintMs)}), ${(warmMs / n).toFixed(2)} ms per lesson`);
console.log(`CPU time of dictionary load + both runs: ${ms((cpu.user + cpu.system) / 1000)} (wall time above is inflated when other processes share the cores)`);
console.log(`parse + lint of ${n} lessons including the dictionary load: ${ms(dictionaryMs + coldMs)} ${dictionaryMs + coldMs < 1000 ? '(under 1 s: ok)' : '(OVER the 1 s target)'}`);
