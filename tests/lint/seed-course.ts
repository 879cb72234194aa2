/** A throwaway copy of the sample course (seeds, configs, word list) for lint tests. */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const SEED_SLUGS = ['pod-to-pod-networking', 'services-and-dns'];

/** Makes a course in a temp dir: both seeds, course-words.txt, and the two configs seed 001 opens. */
export function seedCourse(opts: { configs?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'lc-lint-'));
  mkdirSync(join(root, 'transcripts'));
  for (const slug of SEED_SLUGS) copyFileSync(join(repoRoot, 'transcripts', `${slug}.md`), join(root, 'transcripts', `${slug}.md`));
  copyFileSync(join(repoRoot, 'course-words.txt'), join(root, 'course-words.txt'));
  if (opts.configs !== false) {
    mkdirSync(join(root, 'configs'));
    writeFileSync(join(root, 'configs/pod-httpd.yml'), 'apiVersion: v1\nkind: Pod\n');
    writeFileSync(join(root, 'configs/pod-centos.yml'), 'apiVersion: v1\nkind: Pod\n');
  }
  return root;
}
