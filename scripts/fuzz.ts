/**
 * The fuzzer: `npm run fuzz` runs 100,000 cases over the properties of tests/fuzz/properties.ts
 * (parser, lint, inspect --json, frontmatter and lexicon readers, both cast readers, the renderer)
 * and prints, per property and in all, the cases, the failures and the cases per second.
 * Failing inputs are written to build/fuzz-failures/ and the exit code is 1.
 * Run: npm run fuzz [-- --cases N] [--seed S]   (the seed is printed, so a run can be repeated)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fuzzContext, properties, shares } from '../tests/fuzz/properties.ts';
import { REPO } from '../tests/fuzz/arbitraries.ts';

const arg = (name: string): string | undefined => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const total = Number(arg('--cases') ?? 100_000);
const seed = Number(arg('--seed') ?? Date.now() % 2 ** 31);
const BATCH = 250;

const ctx = await fuzzContext();
const props = properties(ctx);
const counts = shares(props, total);
const failDir = join(REPO, 'build', 'fuzz-failures');
let failures = 0;
const started = performance.now();
process.stdout.write(`fuzz: ${total} cases, seed ${seed}\n`);
try {
  for (const [i, p] of props.entries()) {
    const t0 = performance.now();
    let done = 0;
    let failed = 0;
    for (let b = 0; done < counts[i]; b++) {
      const n = Math.min(BATCH, counts[i] - done);
      for (const value of fc.sample(p.arbitrary, { numRuns: n, seed: seed + i * 100_003 + b })) {
        try {
          await p.check(value as never);
        } catch (err) {
          failed++;
          if (failed <= 5) {
            mkdirSync(failDir, { recursive: true });
            const file = join(failDir, `${i + 1}-${failed}.json`);
            writeFileSync(file, JSON.stringify({ property: p.name, seed, error: String((err as Error)?.stack ?? err), value }, null, 2));
            process.stdout.write(`  FAIL ${p.name}: ${String((err as Error)?.message ?? err).split('\n')[0].slice(0, 200)}\n       input: ${file}\n`);
          }
        }
        done++;
      }
    }
    failures += failed;
    const secs = (performance.now() - t0) / 1000;
    process.stdout.write(`${String(done).padStart(7)} cases ${String(failed).padStart(4)} failures ${String(Math.round(done / secs)).padStart(7)} cases/s  ${p.name}\n`);
  }
} finally {
  ctx.close();
}
const secs = (performance.now() - started) / 1000;
process.stdout.write(`fuzz: ${total} cases, ${failures} failures, ${secs.toFixed(1)} s, ${Math.round(total / secs)} cases/s (seed ${seed})\n`);
process.exit(failures ? 1 : 0);
