/** `missing-file`: `code <path>` names a file that does not exist (relative to the lesson's workdir); the hint names the nearest file there is. */
import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { insideCourse } from '../../adapters/inside-course.ts';
import type { Diagnostic, Lesson } from '../../types.ts';

/** Whether a path is a usable file: paths outside the course are the outside-course rule's, not missing. */
function present(root: string): (path: string) => boolean {
  return (path) => insideCourse(root, path).status !== 'missing';
}

/** Files looked at for a did-you-mean: a course is small, a workdir that is a home folder is not. */
const MAX_FILES = 5000;
const MAX_DEPTH = 6;
/** Folders that hold no file a lesson opens: outputs, dependencies, version control. */
const SKIP_DIRS = new Set(['node_modules', 'build', 'dist']);

/** Files under `dir` (relative to it, `/`-separated), breadth first, at most MAX_FILES of them; symlinks are not followed and hidden folders are skipped. */
export function filesUnder(dir: string): string[] {
  const files: string[] = [];
  let level = [''];
  for (let depth = 0; depth <= MAX_DEPTH && level.length && files.length < MAX_FILES; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      let entries;
      try {
        entries = readdirSync(join(dir, rel), { withFileTypes: true });
      } catch {
        continue; // unreadable folder: nothing to suggest from it
      }
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = rel ? `${rel}/${e.name}` : e.name;
        if (e.isFile()) { files.push(path); if (files.length >= MAX_FILES) break; }
        else if (e.isDirectory() && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) next.push(path);
      }
      if (files.length >= MAX_FILES) break;
    }
    level = next;
  }
  return files;
}

/**
 * The file `wanted` most likely meant among `files` (both relative to the workdir): a near miss of
 * the whole path or of the name in the same folder (`indx.html` → `index.html`), or the same name in
 * another folder (`pod.yml` → `configs/pod.yml`); null when none is near (edit distance at most
 * max(2, a third of the name), as the config's did-you-mean).
 */
export function nearestFile(wanted: string, files: readonly string[]): string | null {
  const want = wanted.replace(/\\/g, '/').replace(/^\.\//, '');
  const wantDir = dirname(want), wantBase = basename(want);
  const limit = Math.max(2, Math.floor(wantBase.length / 3));
  let best: { file: string; score: number } | null = null;
  for (const file of files) {
    if (file === want) continue;
    const base = basename(file);
    let score = distance(want, file);
    if (dirname(file) === wantDir) score = Math.min(score, distance(wantBase, base));
    // The right name in another folder: a short way off, but not as near as a typo in the right folder.
    if (base === wantBase) score = Math.min(score, 1.5);
    if (score <= limit && (!best || score < best.score || (score === best.score && file.length < best.file.length))) best = { file, score };
  }
  return best?.file ?? null;
}

/** An error per `code <path>` whose file is not there; placeholder paths are the placeholder rule's. */
export function missingFileRule(lesson: Lesson, root: string, exists: (path: string) => boolean = present(root), list: (dir: string) => string[] = filesUnder): Diagnostic[] {
  const out: Diagnostic[] = [];
  let files: string[] | null = null;
  const workdir = resolve(root, lesson.meta.workdir);
  for (const scene of lesson.scenes)
    for (const item of scene.items) {
      if (item.type !== 'terminal') continue;
      for (const step of item.steps) {
        if (step.type !== 'direction' || step.action !== 'open-file' || !step.path || step.placeholders.length) continue;
        if (exists(resolve(workdir, step.path))) continue;
        const dir = lesson.meta.workdir === '.' ? 'the course root' : `workdir ${lesson.meta.workdir}`;
        // Listed once per lesson, and only when a file is missing.
        files ??= list(workdir);
        const rel = relative(workdir, resolve(workdir, step.path)).split(sep).join('/');
        const near = rel.startsWith('..') ? null : nearestFile(rel, files);
        out.push({
          code: 'missing-file', severity: 'error', file: lesson.file, line: step.pos.line, column: step.pos.column + Math.max(0, step.raw.indexOf(step.path)),
          message: `\`code ${step.path}\`: no such file (relative to ${dir})`,
          hint: near ? `did you mean \`code ${near}\`? Or create the file; frontmatter \`workdir\` sets what the path is relative to` : 'create the file, or fix the path; frontmatter `workdir` sets what it is relative to',
        });
      }
    }
  return out;
}
