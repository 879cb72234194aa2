/**
 * Deck build time: builds both seed decks twice in one process (cold: first build, modules and
 * highlighter loading included; warm: the rebuild `dev` and `present` do) and prints wall times.
 * Target: warm < 2 s for both decks. Usage: node --import tsx scripts/bench-deck.ts [--cli]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const out = mkdtempSync(join(tmpdir(), 'lessoncast-bench-deck-'));
const slugs = ['pod-to-pod-networking', 'services-and-dns'];

async function buildAll(): Promise<number[]> {
  const started = performance.now();
  const { openCourse } = await import('../src/course.ts');
  const { readLesson } = await import('../src/parse/read-lesson.ts');
  const { buildDeck } = await import('../src/render/deck/build-deck.ts');
  const course = await openCourse({ root, out });
  const each: number[] = [];
  for (const slug of slugs) {
    const t = performance.now();
    await buildDeck(course, await readLesson(course, slug), {});
    each.push(performance.now() - t);
  }
  return [performance.now() - started, ...each];
}

try {
  const cold = await buildAll();
  const warm = await buildAll();
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`deck build, both seeds (${slugs.join(', ')}), in one process:`);
  console.log(`  cold: ${fmt(cold[0])}  (${slugs.map((s, i) => `${s} ${fmt(cold[i + 1])}`).join(', ')})`);
  console.log(`  warm: ${fmt(warm[0])}  (${slugs.map((s, i) => `${s} ${fmt(warm[i + 1])}`).join(', ')})  target < 2 s: ${warm[0] < 2000 ? 'OK' : 'MISSED'}`);
  if (process.argv.includes('--cli')) {
    const t = performance.now();
    execFileSync(process.execPath, [join(root, 'bin/lessoncast.mjs'), 'build', ...slugs, '--deck', '--out', out, '--root', root], { stdio: 'ignore' });
    console.log(`  cli:  ${fmt(performance.now() - t)}  (node bin/lessoncast.mjs build <both> --deck, process start included)`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
