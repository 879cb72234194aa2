/**
 * Memory at the sizes of docs/limits.md, each case in its own process (peak RSS from
 * process.resourceUsage), against a baseline process that loads the same modules and reads nothing:
 *   - a 50 MB script (over the script limit: refused unread),
 *   - a lesson of 10,000 steps (the step limit): read, linted, printed as inspect --json,
 *   - a 500 MB cast (over the cast limit: refused unread), and a cast just under the limit read by the
 *     streaming reader and, for comparison, by the string reader (whole text in memory, then parsed).
 * Run: npm run bench:limits [-- --deck]   (--deck also builds the 10,000-step lesson's deck: minutes)
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCast } from '../src/casts/asciicast.ts';
import { readCastFile } from '../src/casts/read-cast-file.ts';
import { inspectJson } from '../src/commands/inspect.ts';
import { openCourse } from '../src/course.ts';
import { LIMITS } from '../src/limits.ts';
import { lintLesson } from '../src/lint/lint-lesson.ts';
import { readLesson } from '../src/parse/read-lesson.ts';

const MB = 1024 * 1024;
const self = fileURLToPath(import.meta.url);
const peakMb = () => process.resourceUsage().maxRSS / 1024;

/** The 10,000-step lesson: narration and commands with output, in desktop scenes of 50 steps. */
function stepsScript(steps: number): string {
  const parts = ['# Ten thousand steps\n'];
  let n = 0;
  for (let scene = 0; n < steps; scene++) {
    parts.push(`## terminal\n\nScene ${scene + 1} runs a few commands against the cluster.\n`);
    n++;
    const cmds: string[] = [];
    for (let i = 0; i < 49 && n < steps; i++, n++) cmds.push(`$ kubectl get pods -n team-${scene}-${i}\nNAME READY STATUS\npod-${i} 1/1 Running`);
    parts.push('```bash\n' + cmds.join('\n') + '\n```\n');
  }
  return parts.join('\n');
}

/** Writes a v2 cast of about `bytes` bytes (output events of 1 KiB) by streaming, without holding it. */
async function writeBigCast(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('{"version": 2, "width": 80, "height": 24, "command": "kubectl logs -f big"}\n');
  const line = (t: number) => `[${t.toFixed(3)}, "o", ${JSON.stringify('log line ' + 'x'.repeat(1000) + '\r\n')}]\n`;
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const l = line(i * 0.001);
    written += l.length;
    if (!out.write(l)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

async function runCase(name: string, dir: string): Promise<Record<string, unknown>> {
  const course = await openCourse({ root: join(dir, 'course'), out: join(dir, 'build') });
  const t0 = performance.now();
  const out: Record<string, unknown> = {};
  switch (name) {
    case 'baseline': break;
    case 'script-50mb': {
      const lesson = await readLesson(course, 'huge');
      out.result = lesson.diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ');
      break;
    }
    case 'steps-10000': {
      const lesson = await readLesson(course, 'steps');
      const parsed = performance.now();
      const diags = await lintLesson(course, lesson);
      const json = inspectJson(lesson);
      out.result = `${lesson.scenes.reduce((n, s) => n + s.items.reduce((m, i) => m + (i.type === 'terminal' ? i.steps.length : 1), 0), 0)} steps, ${diags.filter((d) => d.code === 'over-limit').length} over-limit, inspect ${(json.length / MB).toFixed(1)} MB; parse ${(parsed - t0).toFixed(0)} ms`;
      break;
    }
    case 'deck-10000': {
      const { buildDeck } = await import('../src/render/deck/build-deck.ts');
      const lesson = await readLesson(course, 'steps');
      await buildDeck(course, lesson);
      out.result = 'deck built';
      break;
    }
    case 'cast-500mb-stream': {
      out.result = await readCastFile(join(dir, 'big-500.cast')).then(() => 'read', (e: Error) => e.message.split(' (docs')[0]);
      break;
    }
    case 'cast-under-limit-stream': {
      const cast = await readCastFile(join(dir, 'big-under.cast'));
      out.result = `${cast.events.length} events`;
      break;
    }
    case 'cast-under-limit-string': {
      const cast = readCast(await readFile(join(dir, 'big-under.cast'), 'utf8'), 'big-under.cast');
      out.result = `${cast.events.length} events`;
      break;
    }
  }
  out.ms = Math.round(performance.now() - t0);
  global.gc?.();
  out.peakMb = Math.round(peakMb());
  return out;
}

const caseArg = process.argv.indexOf('--case');
if (caseArg > 0) {
  process.stdout.write(JSON.stringify(await runCase(process.argv[caseArg + 1], process.argv[caseArg + 2])) + '\n');
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-bench-limits-'));
try {
  mkdirSync(join(dir, 'course', 'transcripts'), { recursive: true });
  const seed = readFileSync(fileURLToPath(new URL('../transcripts/pod-to-pod-networking.md', import.meta.url)), 'utf8');
  process.stdout.write('writing inputs (a 50 MB script, a 10,000-step lesson, a 500 MB cast and one just under the cast limit)…\n');
  let big = '';
  while (big.length < 50 * MB) big += seed + '\n';
  writeFileSync(join(dir, 'course', 'transcripts', 'huge.md'), big.slice(0, 50 * MB));
  big = '';
  writeFileSync(join(dir, 'course', 'transcripts', 'steps.md'), stepsScript(LIMITS.lessonSteps));
  await writeBigCast(join(dir, 'big-500.cast'), 500 * MB);
  await writeBigCast(join(dir, 'big-under.cast'), LIMITS.castBytes - 2 * MB);

  const cases = ['baseline', 'script-50mb', 'steps-10000', 'cast-500mb-stream', 'cast-under-limit-stream', 'cast-under-limit-string', ...(process.argv.includes('--deck') ? ['deck-10000'] : [])];
  const results = new Map<string, Record<string, unknown>>();
  for (const c of cases) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--case', c, dir], { encoding: 'utf8', maxBuffer: 16 * MB });
    if (r.status !== 0) throw new Error(`${c} failed: ${r.stderr}`);
    results.set(c, JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  const base = results.get('baseline')!.peakMb as number;
  process.stdout.write(`\nlimits: script ${LIMITS.scriptBytes / MB} MB, ${LIMITS.lessonSteps} steps, cast ${LIMITS.castBytes / MB} MB\n`);
  process.stdout.write(`${'case'.padEnd(26)} ${'peak RSS'.padStart(9)} ${'× baseline'.padStart(10)} ${'time'.padStart(8)}  result\n`);
  for (const [c, r] of results)
    process.stdout.write(`${c.padEnd(26)} ${`${r.peakMb} MB`.padStart(9)} ${((r.peakMb as number) / base).toFixed(2).padStart(10)} ${`${r.ms} ms`.padStart(8)}  ${r.result ?? ''}\n`);
  const stream = results.get('cast-under-limit-stream')!.peakMb as number;
  const string = results.get('cast-under-limit-string')!.peakMb as number;
  process.stdout.write(`\nstreaming reader above baseline: ${stream - base} MB; string reader above baseline: ${string - base} MB (${((string - base) / Math.max(1, stream - base)).toFixed(1)}×)\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
