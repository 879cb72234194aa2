/**
 * Parse + lint benchmark: 100 copies of each seed script (in-memory text, real course on disk for
 * the rules that look at files, recordings and slides), in one process. Target: under 1 s for all
 * 200, dictionary load included. Wall time on a shared machine is inflated by other processes, so
 * the load average and this process's CPU time are printed next to it.
 * Run: npm run bench:parse [-- --no-dictionary-cache]   (the flag builds the dictionary table from scratch)
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCourse } from '../src/course.ts';
import { parseLesson } from '../src/parse/parse-lesson.ts';
import { lintLesson } from '../src/lint/lint-lesson.ts';
import { spellCheckerFor } from '../src/lint/spell-checker.ts';
import { loadDictionary } from '../src/lint/dictionary-cache.ts';

const COPIES = 100;
const TARGET_MS = 1000;
const noCache = process.argv.includes('--no-dictionary-cache');
const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const cpuMs = (since?: NodeJS.CpuUsage): number => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };

const root = fileURLToPath(new URL('..', import.meta.url));
const course = await openCourse({ root });
const seeds = ['pod-to-pod-networking', 'services-and-dns'].map((slug) => ({ slug, file: `transcripts/${slug}.md`, text: readFileSync(`${root}/transcripts/${slug}.md`, 'utf8') }));
const loadBefore = loadavg();

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

// The dictionary first (lintLesson would load it on the first lesson anyway), timed on its own.
const cpu0 = process.cpuUsage();
let t = performance.now();
await spellCheckerFor(course.root, course.config.words ?? [], noCache ? undefined : course.cacheDir);
const dictionaryMs = performance.now() - t;
const dictionaryCpu = cpuMs(cpu0);
const dict = await loadDictionary();

// The first pass also fills the spell checker's per-word memo (suggestions are the slow part).
t = performance.now();
const cold = await run();
const coldMs = performance.now() - t;
const firstCpu = cpuMs(cpu0);
const cpu1 = process.cpuUsage();
t = performance.now();
const warm = await run();
const warmMs = performance.now() - t;
const secondCpu = cpuMs(cpu1);

const n = COPIES * seeds.length;
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const total = dictionaryMs + coldMs;
const from = dict.source === 'cache' ? `read from ${relative(root, dict.file!)}` : `built by nspell${dict.file ? `, cached to ${relative(root, dict.file)}` : ' (cache not used)'}`;
console.log(`load average (1, 5, 15 min) before: ${loadBefore}, after: ${loadavg()} (2 cores shared with other work)`);
console.log(`dictionary load (once per process): ${ms(dictionaryMs)} wall, ${ms(dictionaryCpu)} CPU; ${from}`);
console.log(`first run,  ${n} lessons: ${ms(coldMs)} (parse ${ms(cold.parseMs)}, lint ${ms(cold.lintMs)}), ${(coldMs / n).toFixed(2)} ms per lesson, ${cold.findings} findings`);
console.log(`second run, ${n} lessons: ${ms(warmMs)} (parse ${ms(warm.parseMs)}, lint ${ms(warm.lintMs)}), ${(warmMs / n).toFixed(2)} ms per lesson, ${ms(secondCpu)} CPU`);
console.log(`TOTAL: parse + lint of ${n} lessons (${COPIES} copies of each seed) in one process, dictionary load included: ` +
  `${ms(total)} wall, ${ms(firstCpu)} CPU, ${(total / n).toFixed(2)} ms per lesson; target ${ms(TARGET_MS)}: ${total < TARGET_MS ? 'ok' : 'OVER'}`);
