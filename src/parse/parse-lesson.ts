/**
 * The script compiler: transcript markdown (marked's lexer) + frontmatter (gray-matter) → the
 * lesson IR, every node with its file:line:column. Pure: content problems become
 * `lesson.diagnostics`, never exceptions.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import type { Diagnostic, Lesson, Narration, NarrationMarker, Note, Scene, SceneItem, SceneKind, SourcePos, StructureItem, TerminalBlock } from '../types.ts';
import { lineColumn, sourceText, type SourceText } from './source-text.ts';
import { readFrontmatter } from './read-frontmatter.ts';
import { lessonMeta } from './lesson-meta.ts';
import type { Pace } from '../schema/lessoncast-schema.ts';
import { kindOfName, sceneKindOf } from './scene-kinds.ts';
import { narrationSentences, narrationText } from './narration-text.ts';
import { plainText } from './plain-text.ts';
import { firstWord, terminalSteps, type BlockLine } from './terminal-steps.ts';
import { narrationId, titleFromSlug } from './names.ts';
import { cutDirectives, findDirectives, markerPlace, markerTarget, MARKER_TARGETS, pauseSeconds, type FoundDirective } from './narration-directives.ts';

/** Fence languages that are terminal sessions. */
export const TERMINAL_LANGS = new Set(['bash', 'sh', 'shell', 'console']);

const PARAGRAPH_PREFIX = /^ {0,3}/;
const QUOTE_PREFIX = /^\s*(?:>\s?)+/;
const LIST_MARKER = /^(\s*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const STRUCTURE = /^\s*structure\s*:/i;
// `s`: an info string may hold U+2028/U+2029, which `.` alone does not match (found by the fuzzer).
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/s;
/** A paragraph that is only a pause: `{pause 2s}` (docs/ir.md). */
const PAUSE_PARAGRAPH = /^\s*\{\s*pause\b[^{}\n]*\}\s*$/i;

interface PendingTerminal { block: TerminalBlock; lines: BlockLine[] }

/** Parses one lesson script. `file` is the path shown in positions (relative to the course root); `defaultPace`: the course config's. */
export function parseLesson(source: string, opts: { file: string; slug: string; defaultPace?: Pace }): Lesson {
  const { file, slug } = opts;
  const src = sourceText(source);
  const diagnostics: Diagnostic[] = [];
  const notes: Note[] = [];
  const scenes: Scene[] = [];
  const terminals: PendingTerminal[] = [];
  let structure: StructureItem[] | null = null;
  let h1: string | null = null;
  let pendingStructureList: Note | null = null;
  const counters = { term: 0, popup: 0, code: 0, pause: 0 };

  const fm = readFrontmatter(src.text, file);
  diagnostics.push(...fm.diagnostics);
  const locateKey = (path: readonly PropertyKey[]) => {
    const at = fm.keyOffsets.get(path.map(String).join('.'));
    return at === undefined ? null : lineColumn(src, at);
  };
  const { meta, diagnostics: metaDiags } = lessonMeta(fm.data, file, locateKey, opts.defaultPace);
  diagnostics.push(...metaDiags);

  const pos = (start: number, end: number): SourcePos => {
    const a = lineColumn(src, start);
    return { file, line: a.line, column: a.column, endLine: lineColumn(src, Math.max(start, end - 1)).line };
  };
  const diag = (code: string, severity: Diagnostic['severity'], at: number, message: string, hint?: string): void => {
    const { line, column } = lineColumn(src, at);
    diagnostics.push({ code, severity, message, file, line, column, ...(hint ? { hint } : {}) });
  };
  const currentScene = (): Scene => {
    let scene = scenes.at(-1);
    if (!scene) {
      scene = { type: 'scene', id: '', index: 0, kind: 'slide', heading: null, implicit: true, items: [], pos: { file, line: 1, column: 1, endLine: 1 } };
      scenes.push(scene);
    }
    return scene;
  };
  const addItem = (item: SceneItem): void => {
    const scene = currentScene();
    if (scene.implicit && scene.items.length === 0) scene.pos = { ...item.pos };
    scene.items.push(item);
    scene.pos.endLine = Math.max(scene.pos.endLine, item.pos.endLine);
  };
  const addNarration = (start: number, end: number, prefix: RegExp, listItem: boolean): void => {
    const withNotes = narrationText(src, start, end, prefix, file);
    notes.push(...withNotes.notes);
    // Markers and pauses are cut out of what is spoken and shown; markers keep their place by word.
    const { mapped, cut } = cutDirectives(withNotes);
    const markers: NarrationMarker[] = [];
    for (const d of findDirectives(withNotes.text).filter((f) => f.near)) {
      diag('unknown-marker', 'warning', withNotes.offsets[d.start], `"${d.raw}" is not a marker: it is spoken as written`,
        `write {${d.near}${d.near === 'pause' ? ' 2s' : ''}}; markers: {next}, {next ${MARKER_TARGETS.join('|')}}, and {pause <seconds>} as a paragraph of its own`);
    }
    for (const d of cut) {
      if (d.word === 'pause') {
        diag('pause-in-narration', 'error', d.source, `${d.raw} inside narration: a pause is a paragraph of its own`,
          'put the pause on its own line with a blank line before and after it (it goes between paragraphs)');
        continue;
      }
      let target = markerTarget(d.arg);
      if (target === undefined) {
        diag('unknown-marker-target', 'error', d.source, `${d.raw}: "${d.arg}" is not a kind of step`, `write {next} or {next ${MARKER_TARGETS.join('|')}}`);
        target = null;
      }
      if (!mapped.text) continue;
      markers.push({ target, ...markerPlace(mapped.text, d.at), pos: pos(d.source, d.source + d.raw.length), raw: d.raw });
    }
    if (!mapped.text) {
      for (const d of cut) if (d.word === 'next') diag('marker-outside-narration', 'warning', d.source, `${d.raw} has no words around it`, 'a marker starts a step at a word of narration: put it inside a sentence');
      return;
    }
    const raw = src.text.slice(start, end).trimEnd();
    addItem({
      type: 'narration', id: '', text: mapped.text, plain: plainText(mapped.text), listItem,
      sentences: narrationSentences(src, mapped, file), markers, pos: pos(start, start + raw.length), raw,
    } satisfies Narration);
  };

  const addPause = (start: number, end: number): void => {
    const raw = src.text.slice(start, end).trim();
    const at = start + src.text.slice(start, end).indexOf(raw);
    const d = findDirectives(raw)[0];
    const seconds = pauseSeconds(d?.arg ?? '');
    if ('error' in seconds) {
      diag('invalid-pause', 'error', at, `${raw}: ${seconds.error}`, 'write {pause 2s}, {pause 1.5} (seconds) or {pause 800ms}');
      return;
    }
    addItem({ type: 'pause', id: `pause-${++counters.pause}`, seconds: seconds.seconds, pos: pos(at, at + raw.length), raw });
  };

  /** Markers anywhere but in narration (headings, popups) do nothing: said so. */
  const markersOutside = (text: string, at: (d: FoundDirective) => number, where: string): void => {
    for (const d of findDirectives(text)) if (!d.near)
      diag('marker-outside-narration', 'warning', at(d), `${d.raw} in ${where} does nothing`, d.word === 'pause' ? 'a pause is a paragraph of its own' : 'a marker starts a step at a word of narration: put it in a sentence');
  };

  const structureNote = (start: number, end: number): void => {
    const raw = src.text.slice(start, end).trimEnd();
    const note: Note = { type: 'note', kind: 'structure', text: raw.trim(), pos: pos(start, start + raw.length), raw };
    notes.push(note);
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
      if (body) {
        const m = sceneKindOf(body);
        items.push({ text: body, kind: m.kind, pos: pos(at + col + lead, at + col + lead + body.length) });
      }
      at += line.length + 1;
    }
    structure = [...(structure ?? []), ...items];
    if (items.length === 0) pendingStructureList = note;
  };

  const listItems = (start: number, end: number): void => {
    // Each marker line starts an item (nested ones too); other lines continue the item.
    let itemStart = -1;
    let at = start;
    while (at < end) {
      let lineEnd = src.text.indexOf('\n', at);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      if (LIST_MARKER.test(src.text.slice(at, lineEnd))) {
        if (itemStart !== -1) addNarration(itemStart, at, itemPrefix(src, itemStart), true);
        itemStart = at;
      }
      at = lineEnd + 1;
    }
    if (itemStart !== -1) addNarration(itemStart, end, itemPrefix(src, itemStart), true);
  };

  const fenced = (tok: Tokens.Code, start: number, end: number): number | null => {
    const raw = src.text.slice(start, end);
    const firstLineEnd = raw.indexOf('\n') === -1 ? raw.length : raw.indexOf('\n');
    const open = FENCE_OPEN.exec(raw.slice(0, firstLineEnd))!;
    const [, indent, fence, info] = open;
    const lang = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const body = raw.slice(firstLineEnd + 1).replace(/\n+$/, '');
    const bodyLines = body ? body.split('\n') : [];
    const closeRe = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let closed = bodyLines.length > 0 && closeRe.test(bodyLines[bodyLines.length - 1]);
    let contentLines = closed ? bodyLines.slice(0, -1) : bodyLines;
    let resumeAt: number | null = null;
    // A 3-backtick block holding another opening fence (```bash) lost its own closing fence.
    const innerOpen = fence.length === 3 ? contentLines.findIndex((l) => /^ {0,3}(?:```|~~~)\s*\S/.test(l)) : -1;
    if (!closed || innerOpen !== -1) {
      diag('unclosed-fence', 'error', start + indent.length, `code block opened here (${fence}${lang}) is never closed`,
        innerOpen !== -1 ? `another block opens at line ${lineColumn(src, start).line + 1 + innerOpen} before this one is closed: add ${fence} after the block's last line` : `add a ${fence} line after the block's last line`);
      // Recover: end the block at its first blank line and read the rest as markdown again.
      const blank = contentLines.findIndex((l) => l.trim() === '');
      const cutLine = blank !== -1 && (innerOpen === -1 || blank < innerOpen) ? blank : innerOpen;
      if (cutLine > 0) {
        contentLines = contentLines.slice(0, cutLine);
        resumeAt = start + firstLineEnd + 1 + contentLines.reduce((n, l) => n + l.length + 1, 0);
        closed = false;
      }
    }
    const contentStart = start + firstLineEnd + 1;
    const blockEnd = resumeAt ?? start + raw.replace(/\n+$/, '').length;
    const lines: BlockLine[] = [];
    let off = contentStart;
    for (const l of contentLines) {
      const strip = Math.min(indent.length, /^ */.exec(l)![0].length);
      const lc = lineColumn(src, off + strip);
      lines.push({ text: l.slice(strip), line: lc.line, column: lc.column });
      off += l.length + 1;
    }
    const blockRaw = src.text.slice(start, blockEnd).trimEnd();
    const blockPos = pos(start + indent.length, start + blockRaw.length);
    void tok;
    if (TERMINAL_LANGS.has(lang)) {
      const block: TerminalBlock = { type: 'terminal', id: `term-${++counters.term}`, lang, steps: [], pos: blockPos, raw: blockRaw };
      terminals.push({ block, lines });
      addItem(block);
    } else if (lang === 'popup') {
      const text = lines.map((l) => l.text.trimEnd()).join('\n').replace(/^\n+|\n+$/g, '');
      if (!text.trim()) diag('empty-popup', 'warning', start + indent.length, 'popup block has nothing in it', 'write the callout text between the fences, or remove the block');
      else {
        markersOutside(text, (d) => contentStart + Math.max(0, body.indexOf(d.raw)), 'a popup');
        addItem({ type: 'popup', id: `popup-${++counters.popup}`, text, pos: blockPos, raw: blockRaw });
      }
    } else {
      addItem({ type: 'code', id: `code-${++counters.code}`, lang, code: lines.map((l) => l.text).join('\n'), pos: blockPos, raw: blockRaw });
    }
    return resumeAt;
  };

  const walk = (tokens: Token[], base: number, limit: number): void => {
    let cursor = base;
    for (const tok of tokens) {
      const found = src.text.startsWith(tok.raw, cursor) ? cursor : src.text.indexOf(tok.raw, cursor);
      const start = found === -1 || found >= limit ? cursor : found;
      const end = Math.min(limit, start + tok.raw.length);
      cursor = end;
      if (tok.type !== 'list') pendingStructureList = tok.type === 'space' ? pendingStructureList : null;
      switch (tok.type) {
        case 'space': case 'hr': case 'def': break;
        case 'heading': {
          const text = plainText(tok.text);
          markersOutside(tok.raw, (d) => start + d.start, 'a heading');
          if (tok.depth === 1) { h1 ??= text; break; }
          const at = start + /^\s*#*\s*/.exec(tok.raw)![0].length;
          const m = sceneKindOf(text);
          let kind: SceneKind | null = m.kind;
          if (!kind) {
            const hint = `did you mean "${m.nearest}"? Scene kinds: powerpoint slide, powerpoint, slide (a slide); vscode, terminal, editor (a desktop)`;
            diag('unknown-scene-kind', 'warning', at, `unknown scene kind "${text}"`, hint);
            // A near miss ("vscdoe") takes that kind; otherwise the scene's content decides below.
            if (m.distance <= 2) kind = kindOfName(m.nearest!);
          }
          scenes.push({ type: 'scene', id: '', index: 0, kind: kind ?? ('' as SceneKind), heading: text, implicit: false, items: [], pos: pos(start, start + tok.raw.trimEnd().length) });
          break;
        }
        case 'paragraph': {
          const firstLine = tok.raw.split('\n')[0];
          if (STRUCTURE.test(firstLine)) structureNote(start, end);
          else if (PAUSE_PARAGRAPH.test(tok.raw)) addPause(start, end);
          else addNarration(start, end, PARAGRAPH_PREFIX, false);
          break;
        }
        case 'text': addNarration(start, end, PARAGRAPH_PREFIX, false); break;
        case 'blockquote': addNarration(start, end, QUOTE_PREFIX, false); break;
        case 'list': {
          if (pendingStructureList) {
            structureNoteFromList(start, end);
            pendingStructureList = null;
          } else listItems(start, end);
          break;
        }
        case 'code': {
          if (!/^ {0,3}(?:```|~~~)/.test(tok.raw)) {
            diag('indented-code', 'warning', start, 'indented text is read as a code block, not narration',
              'remove the indentation (4 spaces or a tab) to narrate it, or fence it with ``` to show it as code');
            const raw = tok.raw.trimEnd();
            addItem({ type: 'code', id: `code-${++counters.code}`, lang: '', code: (tok as Tokens.Code).text, pos: pos(start, start + raw.length), raw });
            break;
          }
          const resume = fenced(tok as Tokens.Code, start, end);
          if (resume !== null && resume < end) walk(blockTokens(src.text.slice(resume, end)), resume, end);
          break;
        }
        case 'html': {
          const comments = [...tok.raw.matchAll(/<!--[\s\S]*?(?:-->|$)/g)];
          for (const m of comments) {
            const raw = m[0].trimEnd();
            notes.push({ type: 'note', kind: 'comment', text: raw.replace(/^<!--|-->$/g, '').trim(), pos: pos(start + m.index!, start + m.index! + raw.length), raw });
          }
          if (tok.raw.replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim())
            diag('unsupported-markdown', 'warning', start, 'HTML is neither narrated nor shown', 'write the text as a paragraph, or put it in an HTML comment if it is a note');
          break;
        }
        case 'table':
          diag('unsupported-markdown', 'warning', start, 'tables are neither narrated nor shown', 'show it as a fenced code block or on a slide (slides/<slug>.md)');
          break;
        default:
          if ('text' in tok && typeof tok.text === 'string' && tok.text.trim()) addNarration(start, end, PARAGRAPH_PREFIX, false);
      }
    }
  };

  const structureNoteFromList = (start: number, end: number): void => {
    const raw = src.text.slice(start, end).trimEnd();
    const items: StructureItem[] = [];
    let at = start;
    for (const line of raw.split('\n')) {
      const m = LIST_MARKER.exec(line);
      const body = m ? line.slice(m[0].length).trim() : '';
      if (body) items.push({ text: body, kind: sceneKindOf(body).kind, pos: pos(at + m![0].length, at + m![0].length + body.length) });
      at += line.length + 1;
    }
    const note = notes.find((n) => n === pendingStructureList);
    if (note) { note.raw = src.text.slice(src.lineStarts[note.pos.line - 1], start + raw.length); note.text = note.raw.trim(); note.pos.endLine = lineColumn(src, start + raw.length - 1).line; }
    structure = [...(structure ?? []), ...items];
  };

  const body = src.text.slice(fm.bodyOffset);
  walk(blockTokens(body), fm.bodyOffset, src.text.length);

  // Commands: a bare line counts as one if it starts like a `$` command of this lesson.
  const words = new Set<string>();
  for (const t of terminals) for (const l of t.lines) { const m = /^\s*\$\s+(.*)$/s.exec(l.text); if (m) words.add(firstWord(m[1])); }
  let index = 0;
  for (const t of terminals) {
    t.block.steps = terminalSteps(t.lines, words, file);
    for (const step of t.block.steps) if (step.type === 'command') { step.index = index; step.id = `cmd-${++index}`; }
  }

  const usedIds = new Map<string, number>();
  scenes.forEach((scene, i) => {
    scene.index = i;
    scene.id = `scene-${i + 1}`;
    // An unknown or implicit kind: a scene that shows a terminal or code is a desktop scene.
    if (scene.implicit || !scene.kind) scene.kind = scene.items.some((it) => it.type === 'terminal' || it.type === 'code') ? 'desktop' : 'slide';
    for (const item of scene.items) {
      if (item.type !== 'narration') continue;
      const id = narrationId(item.plain);
      const n = (usedIds.get(id) ?? 0) + 1;
      usedIds.set(id, n);
      item.id = n === 1 ? id : `${id}-${n}`;
    }
  });

  if (scenes.length === 0)
    diagnostics.push({ code: 'empty-lesson', severity: 'error', file, line: 1, column: 1, message: src.text.trim() ? 'the script has nothing to narrate or show' : 'the script is empty', hint: 'write narration paragraphs and ```bash blocks; see docs/ir.md' });

  const fmTitle = meta.title;
  const h1Title = h1 && !/^transcript$/i.test((h1 as string).trim()) ? (h1 as string).trim() : null;
  return {
    type: 'lesson', slug, file,
    title: fmTitle ?? h1Title ?? titleFromSlug(slug),
    titleSource: fmTitle ? 'frontmatter' : h1Title ? 'h1' : 'filename',
    meta, notes: notes.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column), structure, scenes,
    diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column),
  };
}

/**
 * marked's block tokens only: `lex()` also runs the inline lexer over every block (a third of its
 * time), but the parser reads just each block's type, `raw` and `text`. Input is already LF-only.
 */
function blockTokens(markdown: string): Token[] {
  const lexer = new Lexer();
  return lexer.blockTokens(markdown, lexer.tokens);
}

/** A list item's continuation lines are indented under its marker. */
function itemPrefix(src: SourceText, itemStart: number): RegExp {
  void src; void itemStart;
  return /^\s*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))?/;
}
