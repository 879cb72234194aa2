/**
 * Regenerates the golden fixtures under tests/fixtures/golden/ from the seed scripts.
 * Run: npm run golden:update — then review every line of the diff before committing.
 * Each generator writes one file per seed; add a generator to the list to add a kind of golden.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseLesson } from '../src/parse/parse-lesson.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const goldenDir = join(root, 'tests/fixtures/golden');
/** The reference scripts every golden is made from. */
export const SEEDS = ['pod-to-pod-networking', 'services-and-dns'];

/** A kind of golden file: its name suffix and how to make its text for one seed. */
export interface GoldenGenerator { suffix: string; generate(slug: string): Promise<string> | string }

/** The lesson IR, as `lessoncast inspect <slug> --json` prints it. */
export function irJson(slug: string): string {
  const file = `transcripts/${slug}.md`;
  return JSON.stringify(parseLesson(readFileSync(join(root, file), 'utf8'), { file, slug }), null, 2) + '\n';
}

// ---- timeline goldens (schedule/video engineer): structure and arithmetic of the schedule with
// fixed speech durations (tests/schedule/golden-timeline.ts), independent of festival's version.
import { goldenTimelineJson } from '../tests/schedule/golden-timeline.ts';
const timelineJson = (slug: string) => goldenTimelineJson(root, slug);
// ---- end of timeline goldens

export const GENERATORS: GoldenGenerator[] = [
  { suffix: 'ir.json', generate: irJson },
  { suffix: 'timeline.json', generate: timelineJson },
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(goldenDir, { recursive: true });
  for (const g of GENERATORS)
    for (const slug of SEEDS) {
      const out = join(goldenDir, `${slug}.${g.suffix}`);
      writeFileSync(out, await g.generate(slug));
      console.log(`wrote ${out.slice(root.length)}`);
    }
}
