/** A hash of everything the stage's pixels depend on besides the timeline: its code, slides, files, casts. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LessonCast } from '../../casts/types.ts';
import type { Course } from '../../course.ts';
import type { Lesson } from '../../types.ts';

const STAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../stage');

function addTree(hash: ReturnType<typeof createHash>, dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) addTree(hash, p);
    else hash.update(`${p.slice(STAGE_DIR.length)}\0`).update(readFileSync(p));
  }
}

/** Stage source and assets, the lesson's slides, every file it opens, its casts and terminal settings. */
export function stageFingerprint(course: Course, lesson: Lesson, casts: LessonCast[], extra: unknown = null): string {
  const hash = createHash('sha256');
  addTree(hash, STAGE_DIR);
  const slides = join(course.slidesDir, `${lesson.slug}.md`);
  hash.update('\0slides\0').update(existsSync(slides) ? readFileSync(slides) : '');
  const base = resolve(course.root, lesson.meta.workdir || '.');
  for (const scene of lesson.scenes)
    for (const item of scene.items)
      if (item.type === 'terminal')
        for (const step of item.steps)
          if (step.type === 'direction' && step.path) {
            const p = resolve(base, step.path.trim());
            hash.update(`\0file\0${step.path}\0`).update(existsSync(p) && statSync(p).isFile() ? readFileSync(p) : 'missing');
          }
  hash.update(JSON.stringify({ title: lesson.title, meta: lesson.meta, theme: course.config.theme ?? null, extra }));
  hash.update(JSON.stringify(casts.map((c) => ({ id: c.commandId, cols: c.cast.cols, rows: c.cast.rows, events: c.cast.events, theme: c.cast.theme ?? null }))));
  return hash.digest('hex').slice(0, 32);
}
