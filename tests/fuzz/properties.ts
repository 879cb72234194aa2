/**
 * The fuzzer's properties, shared by the test suite (1,000 cases, fixed seed) and `npm run fuzz`
 * (100,000 cases): the readers never throw (a damaged cast throws only its own CastInvalidError),
 * every diagnostic's line and column lie inside its file, `inspect --json` parses back to the same
 * IR, the streaming cast reader agrees with the string reader, and rendered markdown holds only
 * allowed markup.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readCast } from '../../src/casts/asciicast.ts';
import { CastInvalidError } from '../../src/casts/cast-invalid-error.ts';
import { readCastFile } from '../../src/casts/read-cast-file.ts';
import { inspectJson } from '../../src/commands/inspect.ts';
import { openCourse, type Course } from '../../src/course.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { renderInline } from '../../src/markdown/render-markdown.ts';
import { parseLexicon } from '../../src/narrate/read-lexicon.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { readFrontmatter } from '../../src/parse/read-frontmatter.ts';
import { compileSlide } from '../../src/stage/lesson-slides.ts';
import type { Diagnostic } from '../../src/types.ts';
import { cast, frontmatterText, lexicon, nestedScript, script, slideMarkdown, type NestedScript } from './arbitraries.ts';
import { LIMITS } from '../../src/limits.ts';
import { renderSlideMarkdown } from '../../src/markdown/render-markdown.ts';

/** One property: what to generate, how often (share of the cases), and the check that throws on a violation. */
export interface FuzzProperty<T = unknown> {
  name: string;
  weight: number;
  arbitrary: fc.Arbitrary<T>;
  check(value: T): void | Promise<void>;
}

/** What the properties need on disk: a course for lint, a folder for cast files and slide images. */
export interface FuzzContext {
  course: Course;
  dir: string;
  close(): void;
}

/** Creates the temporary course the properties use. */
export async function fuzzContext(): Promise<FuzzContext> {
  const dir = mkdtempSync(join(tmpdir(), 'lessoncast-fuzz-'));
  for (const d of ['course/transcripts', 'course/configs', 'course/slides', 'casts']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'course', 'configs', 'pod.yml'), 'kind: Pod\n');
  writeFileSync(join(dir, 'course', 'slides', 'pic.png'), 'png');
  const course = await openCourse({ root: join(dir, 'course'), out: join(dir, 'build') });
  return { course, dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lines of a file as the readers count them (a BOM is not a column; CRLF, CR and LF end a line). */
function fileLines(text: string, breaks: RegExp): string[] {
  return text.replace(/^\uFEFF/, '').split(breaks);
}

/** Throws when a diagnostic of `file` points outside `text`. */
export function assertInside(text: string, diags: Diagnostic[], file: string, breaks = /\r\n|\r|\n/): void {
  const lines = fileLines(text, breaks);
  for (const d of diags) {
    if (d.file !== file) continue;
    const where = `${d.code} at ${d.line}:${d.column} (file has ${lines.length} lines)`;
    if (!Number.isInteger(d.line) || d.line < 1 || d.line > lines.length) throw new Error(`line outside the file: ${where}`);
    const len = lines[d.line - 1].length;
    if (!Number.isInteger(d.column) || d.column < 1 || d.column > len + 1) throw new Error(`column outside line ${d.line} (${len} characters): ${where}`);
    if (typeof d.message !== 'string' || !d.message || !['error', 'warning', 'info'].includes(d.severity)) throw new Error(`malformed diagnostic ${JSON.stringify(d)}`);
  }
}

const INLINE_TAGS = new Set(['a', 'code', 'em', 'strong', 'del', 's', 'br']);
const SLIDE_TAGS = new Set([...INLINE_TAGS, 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'hr', 'ul', 'ol', 'li', 'blockquote', 'pre', 'img', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'div', 'span', 'sup', 'sub', 'kbd', 'mark', 'small', 'b', 'i', 'u', 'figure', 'figcaption', 'details', 'summary', 'dl', 'dt', 'dd', 'input']);
const ATTRS = new Set(['href', 'title', 'rel', 'src', 'alt', 'width', 'height', 'align', 'colspan', 'rowspan', 'start', 'class', 'type', 'checked', 'disabled', 'open']);

/** Throws when HTML holds a tag or attribute outside the allow-list, or a URL that is not http(s)/mailto/relative. */
export function assertSafeHtml(html: string, tags: Set<string>): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z][^\s/>]*)([^>]*)>/g)) {
    const name = m[1].toLowerCase();
    if (!tags.has(name)) throw new Error(`tag <${name}> in ${JSON.stringify(html.slice(0, 200))}`);
    for (const a of m[2].matchAll(/([^\s"'=/]+)(?:="([^"]*)")?/g)) {
      const attr = a[1].toLowerCase();
      if (!ATTRS.has(attr)) throw new Error(`attribute ${attr} on <${name}>`);
      const value = (a[2] ?? '').replace(/&#(\d+);/g, (_x, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&').replace(/[\u0000-\u0020]/g, '');
      if ((attr === 'href' || attr === 'src') && /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^(https?:|mailto:|data:image\/)/i.test(value)) throw new Error(`${attr}=${value}`);
      if (attr === 'href' && /^data:/i.test(value)) throw new Error(`href=${value}`);
    }
  }
  // A `<` that starts a tag name is a tag: every other `<` must have been escaped.
  if (/<(?![a-zA-Z/])/.test(html.replace(/<\/?[a-zA-Z][^>]*>/g, ''))) throw new Error(`raw < in ${JSON.stringify(html.slice(0, 200))}`);
}

/** Reads a cast with both readers; the outcome as data (the cast, or the error's line and problem). */
async function bothReaders(text: string, path: string, chunkBytes: number): Promise<[unknown, unknown]> {
  const outcome = async (fn: () => unknown): Promise<unknown> => {
    try {
      return { cast: await fn() };
    } catch (err) {
      if (!(err instanceof CastInvalidError)) throw new Error(`threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
      return { line: err.line, problem: err.problem };
    }
  };
  const bytes = Buffer.from(text, 'utf8');
  writeFileSync(path, bytes);
  const fromText = await outcome(() => readCast(bytes.toString('utf8'), 'x.cast', { idleTimeLimit: 2 }));
  const fromFile = await outcome(() => readCastFile(path, { file: 'x.cast', idleTimeLimit: 2, chunkBytes, limits: { castLineChars: Infinity } }));
  return [fromText, fromFile];
}

/** The properties, weighted by cost so 100,000 cases spend their time where bugs hide. */
export function properties(ctx: FuzzContext): FuzzProperty<never>[] {
  const file = 'transcripts/fuzz.md';
  const castPath = join(ctx.dir, 'casts', 'x.cast');
  const list: FuzzProperty<unknown>[] = [
    {
      name: 'parse: never throws, diagnostics inside the file, inspect --json parses back',
      weight: 30,
      arbitrary: script,
      check(text) {
        const lesson = parseLesson(text as string, { file, slug: 'fuzz' });
        assertInside(text as string, lesson.diagnostics, file);
        deepStrictEqual(JSON.parse(inspectJson(lesson)), lesson);
      },
    },
    {
      name: 'nesting: never throws; past the depth limit a nesting-too-deep error, within it none',
      weight: 4,
      arbitrary: nestedScript,
      check(value) {
        const { text, depth, kind } = value as NestedScript;
        const lesson = parseLesson(text, { file, slug: 'fuzz' });
        assertInside(text, lesson.diagnostics, file);
        const deep = lesson.diagnostics.filter((d) => d.code === 'nesting-too-deep');
        // Depths are counted as docs/limits.md counts them; a level either way is left to that page's wording.
        if (depth !== null && depth > LIMITS.nestingDepth + 1 && deep.length === 0) throw new Error(`${kind} ${depth} deep: no nesting-too-deep`);
        if (depth !== null && depth < LIMITS.nestingDepth && deep.length > 0) throw new Error(`${kind} ${depth} deep: ${deep[0].message}`);
        renderSlideMarkdown(text);
        renderInline(text.slice(0, 20_000));
      },
    },
    {
      name: 'lint: never throws, diagnostics inside the file',
      // Lint spends its time in the spell checker's suggestions for the fuzzer's made-up words.
      weight: 1,
      arbitrary: script,
      async check(text) {
        const lesson = parseLesson(text as string, { file, slug: 'fuzz' });
        assertInside(text as string, await lintLesson(ctx.course, lesson), file);
      },
    },
    {
      name: 'frontmatter: never throws, diagnostics inside the file',
      weight: 15,
      arbitrary: frontmatterText,
      check(text) {
        const fm = readFrontmatter((text as string).replace(/\r\n?/g, '\n'), file);
        assertInside(text as string, fm.diagnostics, file);
        if (fm.bodyOffset < 0 || fm.bodyOffset > (text as string).length) throw new Error(`body offset ${fm.bodyOffset}`);
      },
    },
    {
      name: 'lexicon: never throws, diagnostics inside the file',
      weight: 15,
      arbitrary: lexicon,
      check(text) {
        const { diagnostics } = parseLexicon(text as string, 'lexicon.yml');
        assertInside(text as string, diagnostics, 'lexicon.yml', /\r?\n/);
      },
    },
    {
      name: 'cast: only CastInvalidError, at a line of the file; the streaming reader agrees with the string reader',
      weight: 20,
      arbitrary: fc.tuple(cast, fc.integer({ min: 1, max: 64 })),
      async check(value) {
        const [text, chunk] = value as [string, number];
        const [a, b] = await bothReaders(text, castPath, chunk);
        const lines = text.split(/\r?\n/).length;
        if (a && typeof a === 'object' && 'line' in a && ((a as { line: number }).line < 1 || (a as { line: number }).line > lines)) throw new Error(`error line ${(a as { line: number }).line} of ${lines}`);
        deepStrictEqual(b, a);
      },
    },
    {
      name: 'render: narration and slides hold only allowed markup and URLs',
      weight: 10,
      arbitrary: fc.tuple(slideMarkdown, script.map((s) => s.slice(0, 400))),
      check(value) {
        const [md, text] = value as [string, string];
        assertSafeHtml(renderInline(text), INLINE_TAGS);
        assertSafeHtml(renderInline(md), INLINE_TAGS);
        const slide = compileSlide(md, join(ctx.course.root, 'slides'), { root: ctx.course.root });
        assertSafeHtml(slide.html, SLIDE_TAGS);
        for (const a of slide.assets) if (!a.from.startsWith(ctx.course.root + '/')) throw new Error(`asset from outside: ${a.from}`);
      },
    },
  ];
  return list as FuzzProperty<never>[];
}

/** Splits `total` cases over the properties by weight (every property gets at least one). */
export function shares(props: FuzzProperty<never>[], total: number): number[] {
  const sum = props.reduce((s, p) => s + p.weight, 0);
  const out = props.map((p) => Math.max(1, Math.floor((total * p.weight) / sum)));
  out[0] += total - out.reduce((a, b) => a + b, 0);
  return out;
}
