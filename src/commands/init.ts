/**
 * `lessoncast init [dir]`: a new course that builds at once — a sample lesson showing every part of
 * the dialect, its slides, the file it opens, a config, word list, lexicon, .gitignore, README and
 * a GitHub Actions workflow that publishes the site with GitHub Pages. Never overwrites a file.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';
import { checkWritableFolder } from '../adapters/check-folder.ts';
import type { GlobalOptions } from './command-options.ts';
import { LessoncastError } from '../errors.ts';

/** The template folder, next to this module in src/ and in dist/ (copied by scripts/build-dist.ts). */
export const TEMPLATE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'init-template');

// npm leaves .gitignore files and may leave dot-folders out of a package: the template names them without the dot.
const RENAMES: [RegExp, string][] = [[/^gitignore$/, '.gitignore'], [/^github\//, '.github/']];

/** Every template file: where it comes from and where it goes in the course (relative, with '/'). */
export function templateFiles(dir = TEMPLATE_DIR): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        let to = relative(dir, p).split('\\').join('/');
        for (const [re, by] of RENAMES) to = to.replace(re, by);
        out.push({ from: p, to });
      }
    }
  };
  walk(dir);
  return out;
}

/** Writes the course into `dir`; refuses (writing nothing) when any of its files exists. */
export async function run(dir: string | undefined, opts: GlobalOptions = {}): Promise<number> {
  const target = resolve(dir ?? '.');
  checkWritableFolder(target, 'course folder', 'Pass a folder you can write: lessoncast init my-course');
  const files = templateFiles();
  const existing = files.filter((f) => statSync(join(target, f.to), { throwIfNoEntry: false }));
  if (existing.length)
    throw new LessoncastError('INIT_EXISTS', `${target} already has ${existing.map((f) => f.to).join(', ')}: lessoncast init does not overwrite files.`,
      'Run it in a new or empty folder (lessoncast init my-course), or move those files away.');
  for (const f of files) {
    const dest = join(target, f.to);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileAtomicSync(dest, readFileSync(f.from));
  }
  if (!opts.quiet) {
    const shown = relative(process.cwd(), target) || '.';
    process.stdout.write(`${pc.green('✓')} a new course in ${shown}/: ${files.length} files\n`);
    for (const f of files) process.stdout.write(`  ${f.to}\n`);
    process.stdout.write(`\nNext:\n${shown === '.' ? '' : `  cd ${shown}\n`}  lessoncast doctor    check Chromium, ffmpeg and the voices\n  lessoncast lint      check the script\n  lessoncast build     deck, video and site in build/ (open build/index.html)\n`);
  }
  return 0;
}
