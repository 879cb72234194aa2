/** Chapter titles for the scenes of a lesson (pure). */
import { basename } from 'node:path';
import type { Lesson, Scene } from '../types.ts';

/** Section headings that only name a kind of scene: not worth showing as a chapter title. */
const KIND_WORDS = new Set(['powerpoint slide', 'powerpoint', 'slide', 'slides', 'vscode', 'terminal', 'editor', 'bash', 'shell']);
/** Commands too small to name a demo after. */
const TRIVIAL = new Set(['pwd', 'ls', 'cd', 'clear', 'echo', 'cat', 'export', 'sleep', 'true', 'false']);

/**
 * A title per scene id. Slide scene: the first heading of its slide (the n-th slide of
 * `slides/<slug>.md`, given as `slideTitles[n]`), else a meaningful section heading, else the
 * lesson title for the opening slide, else "Slide n". Desktop scene: a meaningful section heading,
 * else the lesson title when it is the only scene, else "Demo: " + the files it opens and the
 * programs it runs ("Demo: pod-httpd.yml, pod-centos.yml, kubectl"), else "Terminal: <first command>".
 */
export function sceneTitles(lesson: Lesson, slideTitles: (string | null)[] = []): Map<string, string> {
  const titles = new Map<string, string>();
  let slideIndex = 0;
  for (const scene of lesson.scenes) {
    const heading = meaningfulHeading(scene);
    if (scene.kind === 'slide') {
      const fromSlide = slideTitles[slideIndex]?.trim();
      slideIndex++;
      titles.set(scene.id, fromSlide || heading || (scene.index === 0 ? lesson.title : `Slide ${slideIndex}`));
    } else {
      titles.set(scene.id, heading || (lesson.scenes.length === 1 ? lesson.title : demoTitle(scene, lesson.scenes.filter((s) => s.kind === 'desktop').indexOf(scene) + 1)));
    }
  }
  return titles;
}

function meaningfulHeading(scene: Scene): string | null {
  const h = scene.heading?.trim().replace(/\s+/g, ' ');
  if (!h || KIND_WORDS.has(h.toLowerCase())) return null;
  return h[0].toUpperCase() + h.slice(1);
}

function demoTitle(scene: Scene, n: number): string {
  const files: string[] = [];
  const programs: string[] = [];
  let firstCommand: string | null = null;
  let hasCode = false;
  for (const item of scene.items) {
    if (item.type === 'code') hasCode = true;
    if (item.type !== 'terminal') continue;
    for (const step of item.steps) {
      if (step.type === 'direction' && step.action === 'open-file' && step.path && step.placeholders.length === 0) {
        const name = basename(step.path.trim());
        if (name && !files.includes(name)) files.push(name);
      } else if (step.type === 'command') {
        firstCommand ??= step.command.trim();
        const program = step.command.trim().split(/\s+/)[0];
        if (program && !TRIVIAL.has(program) && !programs.includes(program)) programs.push(program);
      }
    }
  }
  const parts = [...files.slice(0, 2), ...programs.slice(0, 2)];
  if (parts.length) return `Demo: ${parts.join(', ')}`;
  if (firstCommand) return `Terminal: ${firstCommand.length > 32 ? firstCommand.slice(0, 31) + '…' : firstCommand}`;
  return hasCode ? 'Editor' : `Scene ${n}`;
}
