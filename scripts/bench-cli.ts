/**
 * `npm run bench:cli`: start-up cost of the installed CLI (npm pack, npm install -g into a temp
 * prefix, `lessoncast init` in a temp folder). Median wall time of several interleaved runs of
 * `node -e 0` (the baseline, same run), `lessoncast --version` and `lessoncast lint <one lesson>`,
 * and what each costs above the baseline, against the targets: --version ≤ 0.10 s, lint ≤ 0.40 s.
 * The first lint (which builds the dictionary caches) is reported apart, not in the median.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packAndInstall } from './pack-install.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TARGETS = { version: 0.10, lint: 0.40 };

const t0 = performance.now();
const work = mkdtempSync(join(tmpdir(), 'lessoncast-bench-cli-'));
const installed = packAndInstall(work);
console.log(`packed and installed in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${installed.files.length} files in the tarball → ${installed.bin}`);
const course = join(work, 'course');
const env = { ...process.env, NO_COLOR: '1', PATH: `${join(installed.prefix, 'bin')}:${process.env.PATH}` };

function time(cmd: string, args: string[], cwd = work): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}

time(installed.bin, ['init', course]);
const firstLint = time(installed.bin, ['lint', 'first-lesson'], course);

const samples = { node: [] as number[], version: [] as number[], lint: [] as number[] };
for (let i = 0; i < RUNS; i++) {
  samples.node.push(time(process.execPath, ['-e', '0']));
  samples.version.push(time(installed.bin, ['--version']));
  samples.lint.push(time(installed.bin, ['lint', 'first-lesson'], course));
}
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const base = median(samples.node);
const row = (name: string, xs: number[], target?: number) => {
  const m = median(xs);
  const above = m - base;
  const verdict = target === undefined ? '' : above <= target ? `  target ≤ ${target.toFixed(2)} s: met` : `  target ≤ ${target.toFixed(2)} s: MISSED`;
  console.log(`  ${name.padEnd(34)} ${m.toFixed(3)} s  (${(m / base).toFixed(2)}× node -e 0, +${above.toFixed(3)} s)${verdict}`);
  return above <= (target ?? Infinity);
};
console.log(`\nmedian of ${RUNS} runs each, interleaved (node ${process.version}):`);
row('node -e 0 (baseline)', samples.node);
const okVersion = row('lessoncast --version', samples.version, TARGETS.version);
const okLint = row('lessoncast lint first-lesson', samples.lint, TARGETS.lint);
console.log(`  first lint after init (builds the dictionary caches): ${firstLint.toFixed(3)} s`);
rmSync(work, { recursive: true, force: true });
process.exitCode = okVersion && okLint ? 0 : 1;
