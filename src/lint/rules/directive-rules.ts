/**
 * `highlight-not-shown`, `focus-without-pane`: a `{highlight}` should name something its scene
 * shows, and a `{focus}` a pane its scene has (docs/ir.md, "Camera and highlights").
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic, Lesson, NarrationDirective, Scene } from '../../types.ts';

/** What a scene shows as text: its written commands and their output, its code blocks, the files it opens (null when a command's output is not written: a recording shows it). */
function shownText(scene: Scene, root: string, workdir: string): string | null {
  const parts: string[] = [];
  for (const item of scene.items) {
    if (item.type === 'code') parts.push(item.code);
    if (item.type !== 'terminal') continue;
    for (const s of item.steps) {
      if (s.type === 'command') {
        if (s.output === null) return null;
        parts.push(s.command, ...s.output);
      } else if (s.action === 'open-file' && s.path && !s.placeholders.length) {
        try {
          const file = resolve(root, workdir, s.path);
          if (statSync(file).size < 1 << 20) parts.push(readFileSync(file, 'utf8'));
        } catch { /* missing-file reports it */ }
      }
    }
  }
  return parts.join('\n');
}

function matches(d: Extract<NarrationDirective, { type: 'highlight' }>, text: string): boolean {
  if (!d.regex) return text.toLowerCase().includes(d.pattern.toLowerCase());
  const m = /^\/(.+)\/([a-z]*)$/s.exec(d.pattern)!;
  return new RegExp(m[1], m[2].replace(/[gy]/g, '')).test(text);
}

/** The panes a scene has: an editor when it opens a file or shows code, a terminal when it runs, clears or switches to one. */
function panes(scene: Scene): { editor: boolean; terminal: boolean } {
  let editor = false, terminal = false;
  for (const item of scene.items) {
    if (item.type === 'code') editor = true;
    if (item.type === 'terminal')
      for (const s of item.steps) {
        if (s.type === 'direction' && s.action === 'open-file') editor ||= !s.placeholders.length;
        else terminal = true;
      }
  }
  return { editor, terminal };
}

/** Findings for the camera and highlight directives of a lesson. */
export function directiveRules(lesson: Lesson, root: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const scene of lesson.scenes) {
    let text: string | null | undefined;
    const has = panes(scene);
    for (const item of scene.items) {
      if (item.type !== 'narration') continue;
      for (const d of item.directives ?? []) {
        const at = { file: lesson.file, line: d.pos.line, column: d.pos.column };
        if (d.type === 'highlight') {
          text ??= shownText(scene, root, lesson.meta.workdir || '.');
          if (text !== null && !matches(d, text))
            out.push({ code: 'highlight-not-shown', severity: 'warning', ...at, message: `${d.raw}: nothing this scene shows matches "${d.pattern}"`, hint: 'highlight a word of an output, a command or a file the scene shows (any case), or a /pattern/' });
        } else if (d.target !== 'wide' && (scene.kind === 'slide' || !has[d.target])) {
          out.push({ code: 'focus-without-pane', severity: 'warning', ...at, message: `${d.raw}: this scene has no ${d.target === 'editor' ? 'editor (it opens no file)' : 'terminal (it runs nothing)'}`, hint: 'the camera keeps its framing; write {focus wide}, or move the directive to a scene with that pane' });
        }
      }
    }
  }
  return out;
}
