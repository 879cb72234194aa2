/**
 * The script compiler as named steps (docs/ir.md), in the way marked's Tokenizer has one method per
 * construct: `walk` hands each of marked's block tokens to the step for its type (heading,
 * paragraph, list, code, html, table), the steps add scene items, notes and diagnostics, and the
 * closing steps number the commands, settle the scenes' kinds and ids, and assemble the `Lesson`.
 * Pure: content problems become diagnostics, never exceptions.
 */
import type { Token, Tokens } from 'marked';
import type { Diagnostic, HiddenScript, Lesson, LessonMeta, Narration, NarrationDirective, NarrationMarker, Note, Scene, SceneItem, SceneKind, SourcePos, StructureItem, TerminalBlock, WaitDirective } from '../types.ts';
import type { Pace } from '../schema/lessoncast-schema.ts';
import { lineColumn, sourceText, type SourceText } from './source-text.ts';
import { readFrontmatter } from './read-frontmatter.ts';
import { lessonMeta } from './lesson-meta.ts';
import { kindOfName, sceneKindOf } from './scene-kinds.ts';
import { narrationSentences, narrationText } from './narration-text.ts';
import { plainText, plainTextOf } from './plain-text.ts';
import { blockTokensBounded } from './nesting-tokenizer.ts';
import { LIMITS } from '../limits.ts';
import { firstWord, terminalSteps, waitDirective, type BlockLine } from './terminal-steps.ts';
import { isWaitLine } from './wait-directive.ts';
import { narrationId, titleFromSlug } from './names.ts';
import { cutDirectives, findDirectives, focusArgument, highlightArgument, markerPlace, markerTarget, MARKER_TARGETS, pauseSeconds, type CutDirective, type FoundDirective } from './narration-directives.ts';

/** Fence languages that are terminal sessions. */
export const TERMINAL_LANGS = new Set(['bash', 'sh', 'shell', 'console']);
/** The second word of a terminal fence's info string that makes it a hidden script (```bash setup). */
export const HIDDEN_ROLES = new Set(['setup', 'teardown'] as const);

const PARAGRAPH_PREFIX = /^ {0,3}/;
const QUOTE_PREFIX = /^\s*(?:>\s?)+/;
/** A block nested past the limit: every quote and list marker before its text (its deeper levels are text). */
const DEEP_PREFIX = /^(?:\s*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)))*\s*/;
/** A list item's continuation lines are indented under its marker. */
const ITEM_PREFIX = /^\s*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))?/;
const LIST_MARKER = /^(\s*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const STRUCTURE = /^\s*structure\s*:/i;
// `s`: an info string may hold U+2028/U+2029, which `.` alone does not match (found by the fuzzer).
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/s;
/** What a near miss's hint writes after the directive word. */
const NEAR_EXAMPLE: Record<string, string> = { pause: ' 2s', focus: ' terminal', highlight: ' <text>' };
/** A paragraph that is only a pause: `{pause 2s}` (docs/ir.md). */
const PAUSE_PARAGRAPH = /^\s*\{\s*pause\b[^{}\n]*\}\s*$/i;

/** A terminal block whose lines become steps once every block is read (bare commands need the lesson's words). */
interface PendingTerminal { block: TerminalBlock; lines: BlockLine[] }

/** A scene while it is read: its kind may be left to its content (unknown or implicit kinds). */
type PendingScene = Omit<Scene, 'kind'> & { kind: SceneKind | null };

/** What `parseLesson` is given besides the source. */
export interface ParseOptions {
  /** The path shown in positions (relative to the course root). */
  file: string;
  slug: string;
  /** The course config's pace. */
  defaultPace?: Pace;
}

/** One script's parse: construct it, call `parse()` once. */
export class LessonParser {
  private readonly src: SourceText;
  private readonly file: string;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly notes: Note[] = [];
  private readonly scenes: PendingScene[] = [];
  private readonly terminals: PendingTerminal[] = [];
  private readonly counters = { term: 0, popup: 0, code: 0, pause: 0, setup: 0, teardown: 0 };
  private readonly hidden: HiddenScript[] = [];
  private structure: StructureItem[] | null = null;
  private h1: string | null = null;
  /** Unclosed fences recovered from so far (each lexes the rest of the script again). */
  private recoveries = 0;
  /** A `Structure:` paragraph with no plan in it yet: a list right after it holds the plan. */
  private pendingStructureList: Note | null = null;

  constructor(source: string, private readonly opts: ParseOptions) {
    this.src = sourceText(source);
    this.file = opts.file;
  }

  /** The lesson IR. */
  parse(): Lesson {
    const { meta, bodyOffset } = this.frontmatter();
    this.walk(bodyOffset, this.src.text.length);
    this.resolveCommands();
    const scenes = this.settleScenes();
    if (scenes.length === 0)
      this.diagnostics.push({ code: 'empty-lesson', severity: 'error', file: this.file, line: 1, column: 1, message: this.src.text.trim() ? 'the script has nothing to narrate or show' : 'the script is empty', hint: 'write narration paragraphs and ```bash blocks; see docs/ir.md' });
    return this.lesson(meta, scenes);
  }

  // --- positions and diagnostics ---

  private pos(start: number, end: number): SourcePos {
    const a = lineColumn(this.src, start);
    return { file: this.file, line: a.line, column: a.column, endLine: lineColumn(this.src, Math.max(start, end - 1)).line };
  }

  private diag(code: string, severity: Diagnostic['severity'], at: number, message: string, hint?: string): void {
    const { line, column } = lineColumn(this.src, at);
    this.diagnostics.push({ code, severity, message, file: this.file, line, column, ...(hint ? { hint } : {}) });
  }

  // --- frontmatter ---

  /** Reads the frontmatter into the lesson's meta (its findings at the key's line). */
  private frontmatter(): { meta: LessonMeta; bodyOffset: number } {
    const fm = readFrontmatter(this.src.text, this.file);
    this.diagnostics.push(...fm.diagnostics);
    const locateKey = (path: readonly PropertyKey[]) => {
      const at = fm.keyOffsets.get(path.map(String).join('.'));
      return at === undefined ? null : lineColumn(this.src, at);
    };
    const { meta, diagnostics } = lessonMeta(fm.data, this.file, locateKey, this.opts.defaultPace);
    this.diagnostics.push(...diagnostics);
    return { meta, bodyOffset: fm.bodyOffset };
  }

  // --- the walk over marked's block tokens ---

  /**
   * Each of marked's block tokens of `base..limit` to its step. A loop over a stack of lexed parts,
   * not a recursion: the text after an unclosed fence is lexed again and walked before the tokens
   * after that fence (3000 unclosed fences overflowed the stack).
   */
  private walk(base: number, limit: number): void {
    const parts = [this.lexed(base, limit)];
    while (parts.length) {
      const part = parts.at(-1)!;
      if (part.index >= part.tokens.length) { parts.pop(); continue; }
      const index = part.index++;
      const tok = part.tokens[index];
      const found = this.src.text.startsWith(tok.raw, part.cursor) ? part.cursor : this.src.text.indexOf(tok.raw, part.cursor);
      const start = found === -1 || found >= part.limit ? part.cursor : found;
      const end = Math.min(part.limit, start + tok.raw.length);
      part.cursor = end;
      const deep = part.deep.has(index);
      if (deep) this.tooDeep(start, end);
      if (tok.type !== 'list' && tok.type !== 'space') this.pendingStructureList = null;
      switch (tok.type) {
        case 'space': case 'hr': case 'def': break;
        case 'heading': this.heading(tok as Tokens.Heading, start); break;
        case 'paragraph': this.paragraph(tok.raw, start, end); break;
        case 'text': this.narration(start, end, PARAGRAPH_PREFIX, false); break;
        case 'blockquote': this.narration(start, end, deep ? DEEP_PREFIX : QUOTE_PREFIX, false); break;
        case 'list': this.list(start, end, deep); break;
        case 'code': {
          const resume = this.code(tok as Tokens.Code, start, end);
          // An unclosed fence ended early: what follows it is markdown again. Usually the fence was its
          // part's last token (it ran to the end), so that part is done and the stack does not grow.
          if (resume !== null && resume < end) {
            if (part.index >= part.tokens.length) parts.pop();
            parts.push(this.lexed(resume, end));
          }
          break;
        }
        case 'html': this.html(tok.raw, start); break;
        case 'table':
          this.diag('unsupported-markdown', 'warning', start, 'tables are neither narrated nor shown', 'show it as a fenced code block or on a slide (slides/<slug>.md)');
          break;
        default:
          if ('text' in tok && typeof tok.text === 'string' && tok.text.trim()) this.narration(start, end, PARAGRAPH_PREFIX, false);
      }
    }
  }

  /** marked's block tokens of `from..limit` (nesting bounded), with where the walk stands in them. */
  private lexed(from: number, limit: number): { tokens: Token[]; index: number; cursor: number; limit: number; deep: ReadonlySet<number> } {
    const { tokens, tokenizer } = blockTokensBounded(this.src.text.slice(from, limit));
    return { tokens, index: 0, cursor: from, limit, deep: tokenizer.deepTopTokens };
  }

  /** Quotes and lists nested past the limit in `start..end`: said at the first line that goes past it (docs/limits.md). */
  private tooDeep(start: number, end: number): void {
    const max = LIMITS.nestingDepth;
    let at = start;
    for (let line = start; line < end;) {
      let lineEnd = this.src.text.indexOf('\n', line);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      if (prefixDepth(this.src.text.slice(line, Math.min(lineEnd, line + 64 * max))) > max) { at = line; break; }
      line = lineEnd + 1;
    }
    this.diag('nesting-too-deep', 'error', at, `quotes and lists are nested more than ${max} levels deep here: the deeper levels are read as plain text (docs/limits.md)`,
      `nest at most ${max} levels; a lesson rarely needs more than 3`);
  }

  // --- scenes ---

  private currentScene(): PendingScene {
    let scene = this.scenes.at(-1);
    if (!scene) {
      scene = { type: 'scene', id: '', index: 0, kind: 'slide', heading: null, implicit: true, items: [], pos: { file: this.file, line: 1, column: 1, endLine: 1 } };
      this.scenes.push(scene);
    }
    return scene;
  }

  private addItem(item: SceneItem): void {
    const scene = this.currentScene();
    if (scene.implicit && scene.items.length === 0) scene.pos = { ...item.pos };
    scene.items.push(item);
    scene.pos.endLine = Math.max(scene.pos.endLine, item.pos.endLine);
  }

  /** `# Title` is the lesson's title; `## <kind>` starts a scene (an unknown kind is a warning). */
  private heading(tok: Tokens.Heading, start: number): void {
    const text = plainText(tok.text);
    this.markersOutside(tok.raw, (d) => start + d.start, 'a heading');
    if (tok.depth === 1) { this.h1 ??= text; return; }
    const at = start + /^\s*#*\s*/.exec(tok.raw)![0].length;
    const m = sceneKindOf(text);
    let kind: SceneKind | null = m.kind;
    if (!kind) {
      const hint = `did you mean "${m.nearest}"? Scene kinds: powerpoint slide, powerpoint, slide (a slide); vscode, terminal, editor (a desktop)`;
      this.diag('unknown-scene-kind', 'warning', at, `unknown scene kind "${text}"`, hint);
      // A near miss ("vscdoe") takes that kind; otherwise the scene's content decides (settleScenes).
      if (m.distance <= 2) kind = kindOfName(m.nearest!);
    }
    this.scenes.push({ type: 'scene', id: '', index: 0, kind, heading: text, implicit: false, items: [], pos: this.pos(start, start + tok.raw.trimEnd().length) });
  }

  // --- paragraphs, narration, pauses ---

  /** A paragraph is the `Structure:` plan, a `{pause}`, or narration. */
  private paragraph(raw: string, start: number, end: number): void {
    if (STRUCTURE.test(raw.split('\n')[0])) this.structureNote(start, end);
    else if (PAUSE_PARAGRAPH.test(raw)) this.pause(start, end);
    else this.narration(start, end, PARAGRAPH_PREFIX, false);
  }

  /** Narration: author notes cut out, markers placed by word, pauses inside refused. */
  private narration(start: number, end: number, prefix: RegExp, listItem: boolean): void {
    const withNotes = narrationText(this.src, start, end, prefix, this.file);
    this.notes.push(...withNotes.notes);
    // Markers and pauses are cut out of what is spoken and shown; markers keep their place by word.
    const { mapped, cut } = cutDirectives(withNotes);
    for (const d of findDirectives(withNotes.text).filter((f) => f.near)) {
      this.diag('unknown-marker', 'warning', withNotes.offsets[d.start], `"${d.raw}" is not a marker: it is spoken as written`,
        `write {${d.near}${NEAR_EXAMPLE[d.near!] ?? ''}}; markers: {next}, {next ${MARKER_TARGETS.join('|')}}, {focus terminal|editor|wide}, {highlight <text>}, and {pause <seconds>} as a paragraph of its own`);
    }
    const markers: NarrationMarker[] = [];
    const directives: NarrationDirective[] = [];
    for (const d of cut) {
      if (d.word === 'focus' || d.word === 'highlight') {
        const directive = this.cameraDirective(d, mapped.text);
        if (directive) directives.push(directive);
        continue;
      }
      if (d.word === 'pause') {
        this.diag('pause-in-narration', 'error', d.source, `${d.raw} inside narration: a pause is a paragraph of its own`,
          'put the pause on its own line with a blank line before and after it (it goes between paragraphs)');
        continue;
      }
      let target = markerTarget(d.arg);
      if (target === undefined) {
        this.diag('unknown-marker-target', 'error', d.source, `${d.raw}: "${d.arg}" is not a kind of step`, `write {next} or {next ${MARKER_TARGETS.join('|')}}`);
        target = null;
      }
      if (!mapped.text) continue;
      markers.push({ target, ...markerPlace(mapped.text, d.at), pos: this.pos(d.source, d.source + d.raw.length), raw: d.raw });
    }
    if (!mapped.text) {
      for (const d of cut) if (d.word !== 'pause') this.diag('marker-outside-narration', 'warning', d.source, `${d.raw} has no words around it`, 'a marker starts a step at a word of narration: put it inside a sentence');
      return;
    }
    const raw = this.src.text.slice(start, end).trimEnd();
    const { plain, tooDeep } = plainTextOf(mapped.text);
    if (tooDeep) this.diag('nesting-too-deep', 'error', mapped.offsets[0] ?? start, `emphasis, links or strikethrough are nested more than ${LIMITS.nestingDepth} levels deep in this paragraph: the deeper levels are read as plain text (docs/limits.md)`,
      `nest at most ${LIMITS.nestingDepth} levels`);
    this.addItem({
      type: 'narration', id: '', text: mapped.text, plain, listItem,
      sentences: narrationSentences(this.src, mapped, this.file), markers, ...(directives.length ? { directives } : {}), pos: this.pos(start, start + raw.length), raw,
    } satisfies Narration);
  }

  /** `{focus ...}` and `{highlight ...}`: placed by word like a marker; a bad argument is an error and the directive does nothing. */
  private cameraDirective(d: CutDirective, text: string): NarrationDirective | null {
    const place = { ...markerPlace(text, d.at), pos: this.pos(d.source, d.source + d.raw.length), raw: d.raw };
    if (d.word === 'focus') {
      const f = focusArgument(d.arg);
      if ('error' in f) {
        this.diag('invalid-focus', 'error', d.source, `${d.raw}: ${f.error}`, 'write {focus terminal}, {focus editor}, {focus editor 12-18} or {focus wide}');
        return null;
      }
      return { type: 'focus', target: f.target, ...(f.lines ? { lines: f.lines } : {}), ...place };
    }
    const h = highlightArgument(d.arg);
    if ('error' in h) {
      this.diag('invalid-highlight', 'error', d.source, `${d.raw}: ${h.error}`, 'write {highlight ClusterIP} (the text, any case) or {highlight /Crash\\w+/} (a pattern)');
      return null;
    }
    return { type: 'highlight', pattern: h.pattern, regex: h.regex, ...place };
  }

  /** `{pause 2s}` as a paragraph of its own. */
  private pause(start: number, end: number): void {
    const raw = this.src.text.slice(start, end).trim();
    const at = start + this.src.text.slice(start, end).indexOf(raw);
    const d = findDirectives(raw)[0];
    const seconds = pauseSeconds(d?.arg ?? '');
    if ('error' in seconds) {
      this.diag('invalid-pause', 'error', at, `${raw}: ${seconds.error}`, 'write {pause 2s}, {pause 1.5} (seconds) or {pause 800ms}');
      return;
    }
    this.addItem({ type: 'pause', id: `pause-${++this.counters.pause}`, seconds: seconds.seconds, pos: this.pos(at, at + raw.length), raw });
  }

  /** Markers anywhere but in narration (headings, popups) do nothing: said so. */
  private markersOutside(text: string, at: (d: FoundDirective) => number, where: string): void {
    for (const d of findDirectives(text)) if (!d.near)
      this.diag('marker-outside-narration', 'warning', at(d), `${d.raw} in ${where} does nothing`, d.word === 'pause' ? 'a pause is a paragraph of its own' : d.word === 'next' ? 'a marker starts a step at a word of narration: put it in a sentence' : `{${d.word}} acts at a word of narration: put it in a sentence`);
  }

  // --- the Structure: plan ---

  /** `Structure:` and its `->` lines: an author note whose items lint compares with the scenes. */
  private structureNote(start: number, end: number): void {
    const raw = this.src.text.slice(start, end).trimEnd();
    const note: Note = { type: 'note', kind: 'structure', text: raw.trim(), pos: this.pos(start, start + raw.length), raw };
    this.notes.push(note);
    const items: StructureItem[] = [];
    let at = start;
    for (const line of raw.split('\n')) {
      let text = line;
      let col = 0;
      if (items.length === 0 && at === start) {
        const m = STRUCTURE.exec(line)!;
        text = line.slice(m[0].length);
        col = m[0].length;
      }
      const lead = /^\s*(?:->|→|=>|[-*+]\s)?\s*/.exec(text)![0].length;
      const body = text.slice(lead).trim();
      if (body) items.push({ text: body, kind: sceneKindOf(body).kind, pos: this.pos(at + col + lead, at + col + lead + body.length) });
      at += line.length + 1;
    }
    this.structure = [...(this.structure ?? []), ...items];
    if (items.length === 0) this.pendingStructureList = note;
  }

  /** A list right after an empty `Structure:` paragraph is its plan (and part of that note). */
  private structureList(note: Note, start: number, end: number): void {
    const raw = this.src.text.slice(start, end).trimEnd();
    const items: StructureItem[] = [];
    let at = start;
    for (const line of raw.split('\n')) {
      const m = LIST_MARKER.exec(line);
      const body = m ? line.slice(m[0].length).trim() : '';
      if (body) items.push({ text: body, kind: sceneKindOf(body).kind, pos: this.pos(at + m![0].length, at + m![0].length + body.length) });
      at += line.length + 1;
    }
    note.raw = this.src.text.slice(this.src.lineStarts[note.pos.line - 1], start + raw.length);
    note.text = note.raw.trim();
    note.pos.endLine = lineColumn(this.src, start + raw.length - 1).line;
    this.structure = [...(this.structure ?? []), ...items];
  }

  // --- lists ---

  /** A list: the Structure plan, or one narration paragraph per item (nested items too). */
  private list(start: number, end: number, deep = false): void {
    const note = this.pendingStructureList;
    this.pendingStructureList = null;
    if (note) { this.structureList(note, start, end); return; }
    // Each marker line starts an item; other lines continue the item.
    let itemStart = -1;
    let at = start;
    while (at < end) {
      let lineEnd = this.src.text.indexOf('\n', at);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      if (LIST_MARKER.test(this.src.text.slice(at, lineEnd))) {
        if (itemStart !== -1) this.narration(itemStart, at, deep ? DEEP_PREFIX : ITEM_PREFIX, true);
        itemStart = at;
      }
      at = lineEnd + 1;
    }
    if (itemStart !== -1) this.narration(itemStart, end, deep ? DEEP_PREFIX : ITEM_PREFIX, true);
  }

  // --- code ---

  /** Indented code is a warning and shown as code; a fence is a terminal, a popup or code. Returns where markdown starts again after an unclosed fence. */
  private code(tok: Tokens.Code, start: number, end: number): number | null {
    if (!/^ {0,3}(?:```|~~~)/.test(tok.raw)) {
      this.diag('indented-code', 'warning', start, 'indented text is read as a code block, not narration',
        'remove the indentation (4 spaces or a tab) to narrate it, or fence it with ``` to show it as code');
      const raw = tok.raw.trimEnd();
      this.addItem({ type: 'code', id: `code-${++this.counters.code}`, lang: '', code: tok.text, pos: this.pos(start, start + raw.length), raw });
      return null;
    }
    return this.fence(start, end);
  }

  /**
   * A fenced block; returns where to read markdown again when the fence was never closed. Reads
   * only the lines it needs: a fence never closed runs to the end of the script in marked's token,
   * and splitting all of it for each such fence made a script of them quadratic.
   */
  private fence(start: number, end: number): number | null {
    const text = this.src.text;
    const nl = text.indexOf('\n', start);
    const firstLineEnd = (nl === -1 || nl > end ? end : nl) - start;
    const [, indent, fence, info] = FENCE_OPEN.exec(text.slice(start, start + firstLineEnd))!;
    const words = info.trim().split(/\s+/);
    const lang = words[0]?.toLowerCase() ?? '';
    const role = words[1]?.toLowerCase();
    const contentStart = start + firstLineEnd + 1;
    let rawEnd = end;
    while (rawEnd > start + firstLineEnd && text.charCodeAt(rawEnd - 1) === 10) rawEnd--;
    // The body: the lines after the opening fence, trailing blank lines off.
    const bodyEnd = Math.max(contentStart, rawEnd);
    const body = text.slice(contentStart, bodyEnd);
    const closeRe = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const lastStart = body ? Math.max(contentStart, text.lastIndexOf('\n', bodyEnd - 1) + 1) : contentStart;
    const closed = body !== '' && closeRe.test(text.slice(lastStart, bodyEnd));
    const contentEnd = closed ? lastStart : bodyEnd + 1;
    /** Line `i` (0-based) of the content from offset `at` on: the next line's start and its text, or null past the content. */
    const lineAt = (at: number): { text: string; next: number } | null => {
      if (at >= contentEnd || !body) return null;
      const e = text.indexOf('\n', at);
      const stop = e === -1 || e >= contentEnd - 1 ? Math.min(bodyEnd, contentEnd - 1) : e;
      return { text: text.slice(at, stop), next: stop + 1 };
    };
    /** The index of the first content line that `test` accepts (-1: none). */
    const firstLine = (test: (l: string) => boolean): number => {
      let i = 0;
      for (let at = contentStart, l = lineAt(at); l; at = l.next, l = lineAt(at), i++) if (test(l.text)) return i;
      return -1;
    };
    let lineCount = -1;
    let resumeAt: number | null = null;
    // A 3-backtick block holding another opening fence (```bash) lost its own closing fence.
    const innerOpen = fence.length === 3 ? firstLine((l) => /^ {0,3}(?:```|~~~)\s*\S/.test(l)) : -1;
    if (!closed || innerOpen !== -1) {
      // Each recovery lexes the rest of the script again: past the limit the block stays as marked read it (docs/limits.md).
      const recover = this.recoveries < LIMITS.fenceRecoveries;
      const fix = innerOpen !== -1 ? `another block opens at line ${lineColumn(this.src, start).line + 1 + innerOpen} before this one is closed: add ${fence} after the block's last line` : `add a ${fence} line after the block's last line`;
      this.diag('unclosed-fence', 'error', start + indent.length, `code block opened here (${fence}${lang}) is never closed`,
        recover ? fix : `${fix} (more than ${LIMITS.fenceRecoveries} blocks are not closed: this one runs ${closed ? 'to its closing fence' : 'to the end of the script'}, docs/limits.md)`);
      // Recover: end the block at its first blank line and read the rest as markdown again.
      const blank = recover ? firstLine((l) => l.trim() === '') : -1;
      const cutLine = !recover ? -1 : blank !== -1 && (innerOpen === -1 || blank < innerOpen) ? blank : innerOpen;
      if (cutLine > 0) {
        this.recoveries++;
        lineCount = cutLine;
      }
    }
    const contentLines: string[] = [];
    let at = contentStart;
    for (let l = lineAt(at); l && (lineCount === -1 || contentLines.length < lineCount); at = l.next, l = lineAt(at)) contentLines.push(l.text);
    if (lineCount !== -1) resumeAt = at;
    const lines = this.blockLines(contentLines, contentStart, indent.length);
    const blockEnd = resumeAt ?? rawEnd;
    const blockRaw = text.slice(start, blockEnd).trimEnd();
    const blockPos = this.pos(start + indent.length, start + blockRaw.length);
    if (TERMINAL_LANGS.has(lang) && (role === 'setup' || role === 'teardown')) this.hiddenScript(role, lang, lines, blockPos, blockRaw);
    else if (TERMINAL_LANGS.has(lang)) this.terminalBlock(lang, lines, blockPos, blockRaw);
    else if (lang === 'popup') this.popup(lines, body, contentStart, start + indent.length, blockPos, blockRaw);
    else this.addItem({ type: 'code', id: `code-${++this.counters.code}`, lang, code: lines.map((l) => l.text).join('\n'), pos: blockPos, raw: blockRaw });
    return resumeAt;
  }

  /** A fence's content lines with their positions, the fence's own indentation taken off. */
  private blockLines(contentLines: string[], contentStart: number, indent: number): BlockLine[] {
    const lines: BlockLine[] = [];
    let off = contentStart;
    for (const l of contentLines) {
      const strip = Math.min(indent, /^ */.exec(l)![0].length);
      const lc = lineColumn(this.src, off + strip);
      lines.push({ text: l.slice(strip), line: lc.line, column: lc.column });
      off += l.length + 1;
    }
    return lines;
  }

  /** A ```bash block: its steps are made once every block is read (resolveCommands). */
  private terminalBlock(lang: string, lines: BlockLine[], pos: SourcePos, raw: string): void {
    const block: TerminalBlock = { type: 'terminal', id: `term-${++this.counters.term}`, lang, steps: [], pos, raw };
    this.terminals.push({ block, lines });
    this.addItem(block);
  }

  /**
   * A ```bash setup / ```bash teardown block: a script run before the first command or after the
   * last, never a scene item (not shown, narrated or timed). Wait lines split it into parts; a `$ `
   * typed out of habit is taken off.
   */
  private hiddenScript(role: 'setup' | 'teardown', lang: string, lines: BlockLine[], pos: SourcePos, raw: string): void {
    const steps: HiddenScript['steps'] = [];
    let part: { code: string[]; first: BlockLine; last: BlockLine } | null = null;
    const flush = () => {
      if (part && part.code.some((c) => c.trim())) {
        steps.push({ type: 'script', code: part.code.join('\n'), pos: { file: this.file, line: part.first.line, column: part.first.column, endLine: part.last.line } });
      }
      part = null;
    };
    for (const l of lines) {
      const t = l.text.trim();
      if (isWaitLine(t)) {
        flush();
        const at = { file: this.file, line: l.line, column: l.column + (l.text.length - l.text.trimStart().length), endLine: l.line };
        const wait: WaitDirective | null = waitDirective(t, at, this.diagnostics);
        if (wait) steps.push(wait);
        continue;
      }
      const code = l.text.replace(/^(\s*)\$ /, '$1');
      if (part) { part.code.push(code); part.last = l; } else part = { code: [code], first: l, last: l };
    }
    flush();
    this.hidden.push({ type: role, id: `${role}-${++this.counters[role]}`, lang, steps, pos, raw });
  }

  /** A ```popup block: a callout over the scene. */
  private popup(lines: BlockLine[], body: string, contentStart: number, at: number, pos: SourcePos, raw: string): void {
    const text = lines.map((l) => l.text.trimEnd()).join('\n').replace(/^\n+|\n+$/g, '');
    if (!text.trim()) {
      this.diag('empty-popup', 'warning', at, 'popup block has nothing in it', 'write the callout text between the fences, or remove the block');
      return;
    }
    this.markersOutside(text, (d) => contentStart + Math.max(0, body.indexOf(d.raw)), 'a popup');
    this.addItem({ type: 'popup', id: `popup-${++this.counters.popup}`, text, pos, raw });
  }

  // --- HTML ---

  /** HTML comments are author notes; any other HTML is a warning. */
  private html(raw: string, start: number): void {
    for (const m of raw.matchAll(/<!--[\s\S]*?(?:-->|$)/g)) {
      const comment = m[0].trimEnd();
      this.notes.push({ type: 'note', kind: 'comment', text: comment.replace(/^<!--|-->$/g, '').trim(), pos: this.pos(start + m.index!, start + m.index! + comment.length), raw: comment });
    }
    if (raw.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim())
      this.diag('unsupported-markdown', 'warning', start, 'HTML is neither narrated nor shown', 'write the text as a paragraph, or put it in an HTML comment if it is a note');
  }

  // --- closing steps ---

  /** Terminal steps, now that the lesson's `$` commands are known: a bare line counts as a command if it starts like one. */
  private resolveCommands(): void {
    const words = new Set<string>();
    for (const t of this.terminals) for (const l of t.lines) { const m = /^\s*\$\s+(.*)$/s.exec(l.text); if (m) words.add(firstWord(m[1])); }
    let index = 0;
    let waits: WaitDirective[] = [];
    for (const t of this.terminals) {
      const read = terminalSteps(t.lines, words, this.file, waits);
      t.block.steps = read.steps;
      waits = read.waits;
      this.diagnostics.push(...read.diagnostics);
      for (const step of t.block.steps) if (step.type === 'command') { step.index = index; step.id = `cmd-${++index}`; }
    }
    // A wait after the lesson's last command has nothing to wait before.
    for (const w of waits)
      this.diag('wait-without-command', 'warning', this.offsetOf(w.pos), `${w.raw}: no command comes after it, so nothing waits`,
        'put the wait before the command that needs it, or in the ```bash teardown block');
  }

  /** The source offset of a position (for diagnostics made from an IR node). */
  private offsetOf(pos: SourcePos): number {
    return this.src.lineStarts[pos.line - 1] + pos.column - 1;
  }

  /** Scene numbers and kinds (an unknown or implicit kind from the content), narration ids unique in the lesson. */
  private settleScenes(): Scene[] {
    const usedIds = new Map<string, number>();
    return this.scenes.map((pending, i): Scene => {
      // A scene that shows a terminal or code is a desktop scene.
      const kind: SceneKind = !pending.implicit && pending.kind ? pending.kind : pending.items.some((it) => it.type === 'terminal' || it.type === 'code') ? 'desktop' : 'slide';
      for (const item of pending.items) {
        if (item.type !== 'narration') continue;
        const id = narrationId(item.plain);
        const n = (usedIds.get(id) ?? 0) + 1;
        usedIds.set(id, n);
        item.id = n === 1 ? id : `${id}-${n}`;
      }
      return { ...pending, index: i, id: `scene-${i + 1}`, kind };
    });
  }

  /** The setup and teardown blocks, each list present only when the script has one. */
  private hiddenScripts(): Pick<Lesson, 'setup' | 'teardown'> {
    const setup = this.hidden.filter((h) => h.type === 'setup');
    const teardown = this.hidden.filter((h) => h.type === 'teardown');
    return { ...(setup.length ? { setup } : {}), ...(teardown.length ? { teardown } : {}) };
  }

  /** The lesson: title from frontmatter, else the first H1 (unless it is just "Transcript"), else the file name. */
  private lesson(meta: LessonMeta, scenes: Scene[]): Lesson {
    const fmTitle = meta.title;
    const h1Title = this.h1 && !/^transcript$/i.test(this.h1.trim()) ? this.h1.trim() : null;
    return {
      type: 'lesson', slug: this.opts.slug, file: this.file,
      title: fmTitle ?? h1Title ?? titleFromSlug(this.opts.slug),
      titleSource: fmTitle ? 'frontmatter' : h1Title ? 'h1' : 'filename',
      meta, notes: this.notes.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column), structure: this.structure, scenes,
      ...this.hiddenScripts(),
      diagnostics: this.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column),
    };
  }
}

/**
 * How many quote and list levels a line's prefix opens, at most: each `>` and list marker is one,
 * and every 2 columns of other indentation may continue one more list item opened above (an item's
 * text is indented at least 2 columns past its parent's). A bound, not marked's exact reading.
 */
export function prefixDepth(line: string): number {
  let depth = 0;
  let indent = 0;
  let afterMarker = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t') { if (!afterMarker) indent += c === '\t' ? 4 - (indent % 4) : 1; continue; }
    if (c === '>') {
      depth++;
      afterMarker = false;
      // One blank after `>` belongs to the marker.
      if (line[i + 1] === ' ') i++;
      continue;
    }
    const marker = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(i, i + 11));
    if (!marker) break;
    depth++;
    i += marker[0].length - 1;
    // The blanks after a list marker are its own; indentation after them opens no level of its own.
    afterMarker = true;
  }
  return depth + Math.floor(indent / 2);
}
