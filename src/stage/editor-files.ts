/**
 * The files the editor pane shows: those the script opens with `code <path>` (read from the
 * course, relative to the lesson's workdir) and its other fenced blocks, highlighted once and
 * kept in the store (kind `highlight`, keyed by the code, language, theme and highlighter version)
 * so a warm build never starts the highlighter.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { insideCourse } from '../adapters/inside-course.ts';
import type { Course } from '../course.ts';
import { LIMITS } from '../limits.ts';
import { highlightCodeDigest, keyFor, packageVersion } from '../store/artifact-inputs.ts';
import { storeFor } from '../store/store-for.ts';
import type { StoreKey } from '../store/store.ts';
import type { Lesson } from '../types.ts';
import { untitledName } from './editor-languages.ts';
import { EDITOR_THEME, highlightLines, langForFence, langForFile } from './highlight-code.ts';
import { redactSecrets } from '../secrets/redact-secrets.ts';
import { redactPatterns } from '../secrets/course-patterns.ts';
import type { StageStep } from './stage-steps.ts';

/** What the editor shows for one tab. */
export interface EditorFile {
  /** Key the steps refer to: the path as written, or the code block id. */
  key: string;
  /** Tab label: the file's name, or `untitled-<n>.<extension of its language>` for a code block. */
  name: string;
  /** Path relative to the course root (open-file), or null for a code block. */
  path: string | null;
  /** The highlighter's language id (editor-languages.ts), `text` when none. */
  lang: string;
  status: 'ok' | 'missing' | 'binary' | 'outside' | 'too-large';
  /** Highlighted HTML, one entry per line (empty unless status is 'ok'). */
  lines: string[];
}

/** Where `code <path>` points: course root + workdir + path. */
export function resolveLessonPath(course: Course, lesson: Lesson, path: string): string {
  return resolve(course.root, lesson.meta.workdir || '.', path);
}

/** The store key of `code` highlighted as `lang`: shiki's version (its grammars) and our code that turns its tokens into lines. */
export function highlightKey(code: string, lang: string): StoreKey {
  return keyFor('highlight', { code, lang, theme: EDITOR_THEME, highlighter: `${packageVersion('shiki')} ${highlightCodeDigest()}` });
}

/** Highlighted lines, from the store when the same text was highlighted before. */
async function cachedHighlight(course: Course, code: string, lang: string): Promise<string[]> {
  const store = storeFor(course);
  const key = highlightKey(code, lang);
  const hit = await store.get(key);
  if (hit?.files['lines.json']) {
    try { return JSON.parse(await readFile(hit.files['lines.json'], 'utf8')) as string[]; } catch { /* rebuild a damaged entry */ }
  }
  const lines = await highlightLines(code, lang);
  if (hit) await store.delete(key);
  await store.put(key, { 'lines.json': Buffer.from(JSON.stringify(lines)) });
  return lines;
}

/** How code is highlighted: through the store (the default), or anything else with the same signature. */
type Highlight = (course: Course, code: string, lang: string) => Promise<string[]>;

/** Reads and highlights every file and code block the scene steps show, keyed by `EditorFile.key`. */
export async function editorFiles(course: Course, lesson: Lesson, steps: StageStep[], highlight: Highlight = cachedHighlight): Promise<Map<string, EditorFile>> {
  const files = new Map<string, EditorFile>();
  const codeBlocks = new Map<string, { lang: string; code: string }>();
  for (const scene of lesson.scenes)
    for (const item of scene.items) if (item.type === 'code') codeBlocks.set(item.id, { lang: item.lang, code: item.code });
  let untitled = 0;
  for (const step of steps) {
    if (step.kind === 'open-file' && !step.placeholder && !files.has(step.path)) {
      files.set(step.path, await readEditorFile(course, lesson, step.path, highlight));
    } else if (step.kind === 'code' && !files.has(step.codeId)) {
      const block = codeBlocks.get(step.codeId);
      const lang = langForFence(step.lang);
      files.set(step.codeId, {
        key: step.codeId, name: untitledName(++untitled, lang), path: null, lang, status: 'ok',
        lines: await highlight(course, capLines(block?.code ?? ''), lang),
      });
    }
  }
  return files;
}

function capLines(text: string): string {
  const lines = text.split('\n');
  return lines.length > LIMITS.editorFileLines ? lines.slice(0, LIMITS.editorFileLines).join('\n') : text;
}

async function readEditorFile(course: Course, lesson: Lesson, path: string, highlight: Highlight): Promise<EditorFile> {
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
  // A kubeconfig or .env opened in the editor shows its keys masked (docs/security.md, "Secrets").
  return { ...base, lines: await highlight(course, capLines(redactSecrets(buf.toString('utf8'), redactPatterns(course.config))), base.lang) };
}

/** The store keys of the highlighted code the lesson's desktop scenes show (highlighting nothing): what `lessoncast clean` keeps. */
export async function editorHighlightKeys(course: Course, lesson: Lesson): Promise<StoreKey[]> {
  const { sceneSteps } = await import('./stage-steps.ts');
  const keys: StoreKey[] = [];
  const record: Highlight = async (_c, code, lang) => { keys.push(highlightKey(code, lang)); return []; };
  for (const scene of lesson.scenes) if (scene.kind === 'desktop') await editorFiles(course, lesson, sceneSteps(scene).steps, record);
  return keys;
}
