/** Chapter titles for the scenes of a lesson (pure). */
import { basename } from 'node:path';
import { SCENE_KIND_NAMES } from '../parse/scene-kinds.ts';
import type { Lesson, Scene } from '../types.ts';

/** The parser's scene kinds, longest first: a heading that starts with one and a separator names the kind, then the topic. */
const KIND_NAMES = SCENE_KIND_NAMES.map(([name]) => name).sort((a, b) => b.length - a.length);
/** Headings that only name a kind of scene (the parser's and a few more authors write): not titles. */
const KIND_WORDS = new Set([...KIND_NAMES, 'slides', 'bash', 'shell']);
/** Commands too small to name a demo after. */
const TRIVIAL = new Set(['pwd', 'ls', 'cd', 'clear', 'echo', 'cat', 'export', 'sleep', 'true', 'false']);
/** A title made from narration keeps about this many characters (a chapter list is one line per chapter). */
const NARRATION_TITLE_CHARS = 48;

/**
 * A title per scene id. Slide scene: the first heading of its slide (the n-th slide of
 * `slides/<slug>.md`, given as `slideTitles[n]`), else a meaningful section heading, else the
 * lesson title for the opening slide, else "Slide n". Desktop scene: a meaningful section heading,
 * else the lesson title when it is the only scene, else "Demo: " + the files it opens and the
 * programs it runs ("Demo: pod-httpd.yml, pod-centos.yml, kubectl"), else the first words of its
 * narration, else its first command. A heading's scene kind is never part of a title (headingTitle).
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

/**
 * A section heading as a title: the author's words without the scene kind they start with
 * (`vscode: the page it serves` → `The page it serves`, `terminal - start the server` → `Start the
 * server`); null when the heading only names a kind (`## vscode`). The first letter is raised
 * unless the first word is something to type as written (`kubectl`, `pod.yml`: `keep`).
 */
export function headingTitle(heading: string | null, keep: ReadonlySet<string> = new Set()): string | null {
  let h = heading?.trim().replace(/\s+/g, ' ') ?? '';
  const lower = h.toLowerCase();
  if (KIND_WORDS.has(lower)) return null;
  // Only with a separator: `## Terminal multiplexers` is a topic, `## terminal: multiplexers` a kind and a topic.
  const kind = KIND_NAMES.find((k) => lower.startsWith(k) && /^ ?[:\-–—(|/]/.test(h.slice(k.length)));
  if (kind) h = h.slice(kind.length).replace(/^[\s:\-–—|/]+/, '').replace(/^\((.*)\)$/, '$1').trim();
  if (!h) return null;
  const first = h.split(' ')[0];
  return keep.has(first) || /[^\p{L}]/u.test(first) ? h : h[0].toUpperCase() + h.slice(1);
}

/** Words of a scene that a title keeps as written: the programs it runs and the files it opens. */
function verbatimWords(scene: Scene): Set<string> {
  const words = new Set<string>();
  for (const item of scene.items) {
    if (item.type !== 'terminal') continue;
    for (const step of item.steps) {
      if (step.type === 'command') words.add(step.command.trim().split(/\s+/)[0]);
      else if (step.path) words.add(basename(step.path.trim()));
    }
  }
  return words;
}

function meaningfulHeading(scene: Scene): string | null {
  return headingTitle(scene.heading, verbatimWords(scene));
}

/** The scene's first sentence of narration, cut at a word near NARRATION_TITLE_CHARS; null when it says nothing. */
function narrationTitle(scene: Scene): string | null {
  const first = scene.items.find((i) => i.type === 'narration');
  if (!first || first.type !== 'narration') return null;
  const sentence = (first.sentences[0]?.plain ?? first.plain).trim().replace(/[.:;,!?]+$/, '');
  if (!sentence) return null;
  if (sentence.length <= NARRATION_TITLE_CHARS) return sentence;
  const cut = sentence.slice(0, NARRATION_TITLE_CHARS + 1);
  const space = cut.lastIndexOf(' ');
  return (space > NARRATION_TITLE_CHARS / 2 ? cut.slice(0, space) : cut.slice(0, NARRATION_TITLE_CHARS)).replace(/[.:;,!?]+$/, '') + '…';
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
  const said = narrationTitle(scene);
  if (said) return said;
  if (firstCommand) return firstCommand.length > 32 ? firstCommand.slice(0, 31) + '…' : firstCommand;
  return hasCode ? 'Editor' : `Scene ${n}`;
}
