/**
 * Memory at the sizes of docs/limits.md, each case in its own process (peak RSS from
 * process.resourceUsage), against a baseline process that loads the same modules and reads nothing:
 *   - a 50 MB script (over the script limit: refused unread),
 *   - a lesson of 10,000 steps (the step limit): read, linted, printed as inspect --json,
 *   - a 500 MB cast (over the cast limit: refused unread), and a cast just under the limit read by the
 *     streaming reader and, for comparison, by the string reader (whole text in memory, then parsed),
 *   - nesting: the issue's 6 KB scripts (3000 nested `*`, 2000 `>`) linted, and 4 MB scripts of the
 *     worst shapes (quotes nested 2,000,000 deep, lists deepening a level a line, unclosed fences) parsed,
 *   - casts of many events: `seq` recorded as 20,000 and as 1,000,000 writes a millisecond apart
 *     (the event limit), linted and built into a deck, the video's stage frames and captures planned,
 *     and 1,000,001 events (over the limit).
 * Run: npm run bench:limits [-- --deck]   (--deck also builds the 10,000-step lesson's deck)
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

/** `seq n` recorded: a write a millisecond, and the lesson that runs it. */
async function writeSeqCourse(root: string, events: number): Promise<void> {
  mkdirSync(join(root, 'transcripts'), { recursive: true });
  mkdirSync(join(root, 'recordings', 'seq'), { recursive: true });
  writeFileSync(join(root, 'transcripts', 'seq.md'), '# Seq\n\n## terminal\n\nA long output follows.\n\n```bash\n$ seq 1000000\n```\n');
  const out = createWriteStream(join(root, 'recordings', 'seq', '01-seq.cast'));
  out.write(JSON.stringify({ version: 2, width: 80, height: 24, command: 'seq 1000000' }) + '\n');
  let buf = '';
  for (let i = 0; i < events; i++) {
    buf += `[${(i / 1000).toFixed(3)}, "o", "${i + 1}\\r\\n"]\n`;
    if (buf.length > MB) {
      const ok = out.write(buf);
      buf = '';
      if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  await new Promise<void>((r) => out.end(buf, () => r()));
}

/** Lints and builds the deck of the seq course at `root`; with `video`, plans the video's stage frames and captures too. */
async function seqCase(root: string, what: 'lint' | 'deck' | 'video'): Promise<string> {
  const course = await openCourse({ root, out: join(root, 'build') });
  const lesson = await readLesson(course, 'seq');
  if (what === 'lint') {
    const diags = await lintLesson(course, lesson);
    return diags.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message.split(' (docs')[0]}`).join('; ') || 'no problems';
  }
  if (what === 'deck') {
    const { buildDeck } = await import('../src/render/deck/build-deck.ts');
    const r = await buildDeck(course, lesson);
    const html = readFileSync(r.file, 'utf8');
    return `deck ${(html.length / MB).toFixed(1)} MB`;
  }
  const [{ lessonCasts }, { scheduleLesson }, { stageModel }, { planShots }] = await Promise.all([import('../src/casts/lesson-casts.ts'),
    import('../src/schedule/schedule-lesson.ts'), import('../src/stage/stage-model.ts'), import('../src/render/video/plan-shots.ts')]);
  const casts = await lessonCasts(course, lesson);
  // The schedule needs speech durations only: a second a paragraph, no speech engine.
  const audio = { slug: lesson.slug, engine: 'none', voice: 'none', sampleRate: 48000, paragraphs: lesson.scenes.flatMap((s) => s.items).filter((i) => i.type === 'narration')
    .map((n) => ({ narrationId: n.id, voiceOver: null, duration: 1, chunks: [{ id: `${n.id}#1`, narrationId: n.id, text: n.text, spoken: n.plain, wavFile: '', duration: 1 }] })) };
  const timeline = scheduleLesson(lesson, audio as never, casts);
  const model = await stageModel({ course, lesson, casts }, 'video', timeline);
  const frames = model.scenes.reduce((n, s) => n + (s.terminal?.frames?.times.length ?? 0), 0);
  const captures = planShots(timeline, casts, { capture: 'changes', captureFps: 30 }).reduce((n, s) => n + s.times.length, 0);
  return `${casts[0].cast.events.length} events over ${timeline.duration.toFixed(0)} s: ${frames} stage frames, ${captures} captures at 30 fps`;
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
    case 'nesting-6kb-lint': {
      const results: string[] = [];
      for (const slug of ['stars', 'quotes']) {
        const lesson = await readLesson(course, slug);
        const deep = (await lintLesson(course, lesson)).filter((d) => d.code === 'nesting-too-deep');
        results.push(`${slug}: ${deep.map((d) => `${d.code} at ${d.line}:${d.column}`).join(', ')}`);
      }
      out.result = results.join('; ');
      break;
    }
    case 'nesting-4mb-parse': case 'fences-4mb-parse': {
      const slugs = name === 'fences-4mb-parse' ? ['fences'] : ['quotes4', 'lists4'];
      const results: string[] = [];
      for (const slug of slugs) {
        const t = performance.now();
        const lesson = await readLesson(course, slug);
        const counts = new Map<string, number>();
        for (const d of lesson.diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
        results.push(`${slug} ${(performance.now() - t).toFixed(0)} ms: ${[...counts].map(([c, n]) => `${n} ${c}`).join(', ')}`);
      }
      out.result = results.join('; ');
      break;
    }
    case 'cast-20k-lint': out.result = await seqCase(join(dir, 'seq-20k'), 'lint'); break;
    case 'cast-20k-deck': out.result = await seqCase(join(dir, 'seq-20k'), 'deck'); break;
    case 'cast-20k-video-plan': out.result = await seqCase(join(dir, 'seq-20k'), 'video'); break;
    case 'cast-1m-lint': out.result = await seqCase(join(dir, 'seq-1m'), 'lint'); break;
    case 'cast-1m-deck': out.result = await seqCase(join(dir, 'seq-1m'), 'deck'); break;
    case 'cast-1m-video-plan': out.result = await seqCase(join(dir, 'seq-1m'), 'video'); break;
    case 'cast-1m+1-lint': out.result = await seqCase(join(dir, 'seq-over'), 'lint'); break;
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
  process.stdout.write('… deeply nested scripts, and seq recorded as 20,000, 1,000,000 and 1,000,001 events…\n');
  const t = join(dir, 'course', 'transcripts');
  writeFileSync(join(t, 'stars.md'), '* '.repeat(3000) + 'hello\n');
  writeFileSync(join(t, 'quotes.md'), '> '.repeat(2000) + 'hello\n');
  writeFileSync(join(t, 'quotes4.md'), '> '.repeat(2_000_000) + 'hello\n');
  const lists: string[] = [];
  for (let i = 0, n = 0; n < 4 * MB - 1024; i++) { const l = ' '.repeat(2 * (i % 100)) + `- item ${i}`; lists.push(l); n += l.length + 1; }
  writeFileSync(join(t, 'lists4.md'), lists.join('\n') + '\n');
  writeFileSync(join(t, 'fences.md'), '```bash\n$ echo x\n'.repeat(Math.floor((4 * MB - 1024) / 17)));
  await writeSeqCourse(join(dir, 'seq-20k'), 20_000);
  await writeSeqCourse(join(dir, 'seq-1m'), LIMITS.castEvents);
  await writeSeqCourse(join(dir, 'seq-over'), LIMITS.castEvents + 1);

  const cases = ['baseline', 'script-50mb', 'steps-10000', 'cast-500mb-stream', 'cast-under-limit-stream', 'cast-under-limit-string',
    'nesting-6kb-lint', 'nesting-4mb-parse', 'fences-4mb-parse',
    'cast-20k-lint', 'cast-20k-deck', 'cast-20k-video-plan', 'cast-1m-lint', 'cast-1m-deck', 'cast-1m-video-plan', 'cast-1m+1-lint',
    ...(process.argv.includes('--deck') ? ['deck-10000'] : [])];
  const results = new Map<string, Record<string, unknown>>();
  for (const c of cases) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--case', c, dir], { encoding: 'utf8', maxBuffer: 16 * MB });
    if (r.status !== 0) throw new Error(`${c} failed: ${r.stderr}`);
    results.set(c, JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  const base = results.get('baseline')!.peakMb as number;
  process.stdout.write(`\nlimits: script ${LIMITS.scriptBytes / MB} MB, ${LIMITS.lessonSteps} steps, nesting ${LIMITS.nestingDepth} levels, ${LIMITS.fenceRecoveries} unclosed fences recovered, cast ${LIMITS.castBytes / MB} MB and ${LIMITS.castEvents} events\n`);
  process.stdout.write(`${'case'.padEnd(26)} ${'peak RSS'.padStart(9)} ${'× baseline'.padStart(10)} ${'time'.padStart(8)}  result\n`);
  for (const [c, r] of results)
    process.stdout.write(`${c.padEnd(26)} ${`${r.peakMb} MB`.padStart(9)} ${((r.peakMb as number) / base).toFixed(2).padStart(10)} ${`${r.ms} ms`.padStart(8)}  ${r.result ?? ''}\n`);
  const stream = results.get('cast-under-limit-stream')!.peakMb as number;
  const string = results.get('cast-under-limit-string')!.peakMb as number;
  process.stdout.write(`\nstreaming reader above baseline: ${stream - base} MB; string reader above baseline: ${string - base} MB (${((string - base) / Math.max(1, stream - base)).toFixed(1)}×)\n`);
  const per = (c: string, n: number) => (results.get(c)!.ms as number) / n;
  process.stdout.write(`deck time per event: 20,000 events ${(per('cast-20k-deck', 2e4) * 1000).toFixed(1)} µs, 1,000,000 events ${(per('cast-1m-deck', 1e6) * 1000).toFixed(1)} µs (ratio ${(per('cast-1m-deck', 1e6) / per('cast-20k-deck', 2e4)).toFixed(2)}; 1.00 is linear)\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
