/**
 * The files the editor pane shows: those the script opens with `code <path>` (read from the
 * course, relative to the lesson's workdir) and its other fenced blocks, highlighted once and
 * cached by content so a warm build never starts the highlighter.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { insideCourse } from '../adapters/inside-course.ts';
import type { Course } from '../course.ts';
import { LIMITS } from '../limits.ts';
import type { Lesson } from '../types.ts';
import { EDITOR_THEME, highlightLines, langForFence, langForFile } from './highlight-code.ts';
import type { StageStep } from './stage-steps.ts';

/** What the editor shows for one tab. */
export interface EditorFile {
  /** Key the steps refer to: the path as written, or the code block id. */
  key: string;
  /** Tab label. */
  name: string;
  /** Path relative to the course root (open-file), or null for a code block. */
  path: string | null;
  lang: string;
  status: 'ok' | 'missing' | 'binary' | 'outside' | 'too-large';
  /** Highlighted HTML, one entry per line (empty unless status is 'ok'). */
  lines: string[];
}

/** Where `code <path>` points: course root + workdir + path. */
export function resolveLessonPath(course: Course, lesson: Lesson, path: string): string {
  return resolve(course.root, lesson.meta.workdir || '.', path);
}

/** Highlighted lines, from the cache when the same text was highlighted before. */
async function cachedHighlight(course: Course, code: string, lang: string): Promise<string[]> {
  const hash = createHash('sha256').update(`${EDITOR_THEME}\0${lang}\0${code}`).digest('hex').slice(0, 24);
  const dir = join(course.cacheDir, 'stage', 'highlight');
  const file = join(dir, `${hash}.json`);
  if (existsSync(file)) {
    try { return JSON.parse(readFileSync(file, 'utf8')) as string[]; } catch { /* rebuild a damaged entry */ }
  }
  const lines = await highlightLines(code, lang);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(lines));
  renameSync(tmp, file);
  return lines;
}

/** Reads and highlights every file and code block the scene steps show, keyed by `EditorFile.key`. */
export async function editorFiles(course: Course, lesson: Lesson, steps: StageStep[]): Promise<Map<string, EditorFile>> {
  const files = new Map<string, EditorFile>();
  const codeBlocks = new Map<string, { lang: string; code: string }>();
  for (const scene of lesson.scenes)
    for (const item of scene.items) if (item.type === 'code') codeBlocks.set(item.id, { lang: item.lang, code: item.code });
  let untitled = 0;
  for (const step of steps) {
    if (step.kind === 'open-file' && !step.placeholder && !files.has(step.path)) {
      files.set(step.path, await readEditorFile(course, lesson, step.path));
    } else if (step.kind === 'code' && !files.has(step.codeId)) {
      const block = codeBlocks.get(step.codeId);
      const lang = langForFence(step.lang);
      const ext = step.lang.trim() || 'txt';
      files.set(step.codeId, {
        key: step.codeId, name: `untitled-${++untitled}.${ext}`, path: null, lang, status: 'ok',
        lines: await cachedHighlight(course, capLines(block?.code ?? ''), lang),
      });
    }
  }
  return files;
}

function capLines(text: string): string {
  const lines = text.split('\n');
  return lines.length > LIMITS.editorFileLines ? lines.slice(0, LIMITS.editorFileLines).join('\n') : text;
}

async function readEditorFile(course: Course, lesson: Lesson, path: string): Promise<EditorFile> {
  const abs = resolveLessonPath(course, lesson, path);
  const rel = relative(course.root, abs);
  const base: EditorFile = { key: path, name: basename(path), path: rel, lang: langForFile(path), status: 'ok', lines: [] };
  // Files outside the course (also through a symlink) are not published: a deck must not leak the author's machine.
  const where = insideCourse(course.root, abs);
  if (where.status === 'outside') return { ...base, status: 'outside' };
  if (where.status === 'missing' || !statSync(where.real).isFile()) return { ...base, status: 'missing' };
  if (statSync(where.real).size > LIMITS.editorFileBytes) return { ...base, status: 'too-large' };
  const buf = readFileSync(where.real);
  if (buf.subarray(0, 8000).includes(0)) return { ...base, status: 'binary' };
  return { ...base, lines: await cachedHighlight(course, capLines(buf.toString('utf8')), base.lang) };
}
