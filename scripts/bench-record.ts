/**
 * Benchmark of `record`: a temp course of 20 commands (15 × `sleep 0.3`, and echo/printf/ls/seq)
 * recorded in a real pseudo-terminal. Prints the commands' own time (the same commands run by a
 * plain `bash -c`, no terminal), the recording wall time, and the overhead ratio (target ≤ 1.10).
 * Run: node --import tsx scripts/bench-record.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCourse } from '../src/course.ts';
import { readLesson } from '../src/parse/read-lesson.ts';
import { recordLesson, recordPlan } from '../src/casts/record-lesson.ts';

const commands = [
  ...Array.from({ length: 15 }, () => 'sleep 0.3'),
  'echo hello',
  String.raw`printf '\e[32mgreen\e[0m\n'`,
  'ls -la',
  'seq 1 2000',
  'export X=1 && echo $X',
];

const root = mkdtempSync(join(tmpdir(), 'lc-bench-record-'));
try {
  mkdirSync(join(root, 'transcripts'));
  writeFileSync(join(root, 'transcripts', 'bench.md'), `# Bench\n\nTwenty commands.\n\n\`\`\`bash\n${commands.map((c) => `$ ${c}`).join('\n')}\n\`\`\`\n`);

  // The commands' own time: one plain bash runs them all, no pseudo-terminal, no recording.
  const t0 = performance.now();
  execFileSync('bash', ['--noprofile', '--norc', '-c', commands.join('\n')], { cwd: root, stdio: 'ignore' });
  const own = (performance.now() - t0) / 1000;

  const course = await openCourse({ root });
  const lesson = await readLesson(course, 'bench');
  const steps = recordPlan(course, lesson);
  if (steps.length !== 20) throw new Error(`expected 20 commands, parsed ${steps.length}`);
  const t1 = performance.now();
  const { outcomes } = await recordLesson(course, lesson, steps, { timeoutSeconds: 30 });
  const wall = (performance.now() - t1) / 1000;
  const inCommands = outcomes.reduce((s, o) => s + o.run.duration, 0);
  const files = readdirSync(join(root, 'recordings', 'bench')).filter((f) => f.endsWith('.cast')).length;

  const ratio = wall / own;
  console.log(`commands:                         ${steps.length} (15 x sleep 0.3 = 4.50 s nominal, plus echo/printf/ls/seq/export)`);
  console.log(`commands' own time (plain bash):  ${own.toFixed(3)} s`);
  console.log(`recording wall time:              ${wall.toFixed(3)} s  (fresh workdir copy, shell start, 20 runs, 20 casts written: ${files} files)`);
  console.log(`  of which inside the commands:   ${inCommands.toFixed(3)} s (send → prompt back, per command summed)`);
  console.log(`overhead ratio (wall / own):      ${ratio.toFixed(3)}  target ≤ 1.10  ${ratio <= 1.1 ? 'OK' : 'OVER'}`);
  process.exitCode = ratio <= 1.1 ? 0 : 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
