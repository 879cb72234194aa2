/**
 * The lesson page as plain data: the lesson IR joined with its timeline, casts and built media.
 * Pure: everything read from disk is passed in, so the page can be tested without a build.
 */
import type { Direction, Lesson, SceneItem } from '../../types.ts';
import type { CueWord, Timeline } from '../../schedule/types.ts';

/** A neighbouring lesson, for previous/next links. */
export interface LessonLink { slug: string; title: string }

/** What exists in `<outDir>/<slug>/` besides the page (sizes in bytes). */
export interface LessonMedia {
  /** The MP4, when built. */
  video: { file: string; size: number } | null;
  vtt: { file: string; size: number } | null;
  srt: { file: string; size: number } | null;
  poster: string | null;
  /** Relative href of the deck, when built. */
  deck: string | null;
  /** The deck printed to PDF (`build --pdf`, or config `pdf: true`), when there is one. */
  pdf?: { file: string; size: number } | null;
  /** The VTT text, inlined as the track's data: URL because browsers refuse `<track>` files from file://. */
  captionsText: string | null;
}

/** A narration paragraph with its time span (null without a timeline) and when each of its words is said (in order; empty without a timeline). */
export interface ViewNarration { type: 'narration'; id: string; text: string; start: number | null; end: number | null; words: CueWord[] }
/** A command, its expected output and its cast. */
export interface ViewCommand {
  type: 'command'; id: string; command: string; output: string[] | null; start: number | null; end: number | null;
  /** Asciicast v2 text, when there is a cast for it. */
  cast: string | null;
  /** Rows to show inline (the cast's content, not its full screen height). */
  rows: number;
  cols: number;
  recorded: boolean;
  /** Prints nothing: no output written under it, and its cast shows only its typing and the next prompt (`cd`, `export`). */
  silent: boolean;
}
/** Commands in a row that print nothing, as one card listing them (no player each). */
export interface ViewCommands { type: 'commands'; commands: ViewCommand[]; start: number | null; end: number | null }
/** A file the script opens with `code <path>`, with its text when it exists. */
export interface ViewFile { type: 'file'; path: string; content: string | null; start: number | null }
/** A popup callout. */
export interface ViewPopup { type: 'popup'; id: string; text: string; start: number | null; end: number | null }
/** Any other fenced block. */
export interface ViewCode { type: 'code'; id: string; lang: string; code: string; start: number | null }
/** One block of the transcript. */
export type ViewBlock = ViewNarration | ViewCommand | ViewCommands | ViewFile | ViewPopup | ViewCode;

/** A scene of the transcript: a chapter of the video. */
export interface ViewChapter { id: string; title: string; start: number | null; blocks: ViewBlock[] }

/** Everything a lesson page shows. */
export interface LessonView {
  slug: string;
  title: string;
  courseTitle: string;
  summary: string;
  /** Seconds, or null when there is no timeline. */
  duration: number | null;
  /** True when the times are estimates (speech not synthesized yet). */
  estimated: boolean;
  number: number;
  count: number;
  prev: LessonLink | null;
  next: LessonLink | null;
  chapters: ViewChapter[];
  media: LessonMedia;
}

/** Inputs a lesson page needs besides the lesson itself. */
export interface LessonViewInput {
  lesson: Lesson;
  courseTitle: string;
  timeline: Timeline | null;
  estimated?: boolean;
  /** Asciicast v2 text per command id, with the cast's size; `silent` when it prints nothing after its Enter but the next prompt. */
  casts: Map<string, { text: string; cols: number; rows: number; lines: number; recorded: boolean; silent?: boolean }>;
  /** Text of files opened with `code <path>`, keyed by the path as written (null: missing). */
  files: Map<string, string | null>;
  media: LessonMedia;
  number: number;
  count: number;
  prev: LessonLink | null;
  next: LessonLink | null;
}

const PLACEHOLDER_PATH = /^\.{2,}$|^x{2,}$/i;

/** A `code <path>` direction that names a real path (not `code ...`). */
function opensRealFile(step: Direction): step is Direction & { path: string } {
  return step.action === 'open-file' && !!step.path && step.placeholders.length === 0 && !PLACEHOLDER_PATH.test(step.path.trim());
}

/** The first narrated sentence, shortened for cards and meta descriptions. */
export function lessonSummary(lesson: Lesson, max = 160): string {
  for (const scene of lesson.scenes)
    for (const item of scene.items)
      if (item.type === 'narration') {
        const first = (item.sentences[0]?.plain ?? item.plain).trim().replace(/\s+/g, ' ');
        if (!first) continue;
        if (first.length <= max) return first;
        const cut = first.slice(0, max - 1);
        return cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[,;:]$/, '') + '…';
      }
  return '';
}

/** Columns for an inline player: wide enough for the script's lines (so the text stays large), at most the cast's own width. */
function inlineCols(command: string, output: string[] | null, castCols: number): number {
  const widest = Math.max(command.length + 2, ...(output ?? []).map((l) => l.length)) + 1;
  return Math.max(Math.min(60, castCols), Math.min(castCols, widest));
}

/** Start and end of each timed node (paragraph, command, popup, code, direction) from the timeline. */
function cueSpans(timeline: Timeline | null): Map<string, { start: number; end: number }> {
  const spans = new Map<string, { start: number; end: number }>();
  if (!timeline) return spans;
  const widen = (key: string, start: number, end: number) => {
    const s = spans.get(key);
    spans.set(key, s ? { start: Math.min(s.start, start), end: Math.max(s.end, end) } : { start, end });
  };
  for (const cue of timeline.cues) {
    if (cue.type === 'narration' && cue.narrationId) widen(cue.narrationId, cue.start, cue.end);
    else if (cue.type === 'command' || cue.type === 'popup' || cue.type === 'code') widen(cue.ref, cue.start, cue.end);
    else if (cue.type === 'direction' && cue.action === 'open-file' && cue.path) widen(`open:${cue.sceneId}:${cue.path}`, cue.start, cue.end);
  }
  return spans;
}

/** Each paragraph's words, from its narration cues in order. */
function paragraphWords(timeline: Timeline | null): Map<string, CueWord[]> {
  const words = new Map<string, CueWord[]>();
  for (const cue of timeline?.cues ?? [])
    if (cue.type === 'narration' && cue.narrationId) words.set(cue.narrationId, [...(words.get(cue.narrationId) ?? []), ...(cue.words ?? [])]);
  return words;
}

function viewItems(item: SceneItem, sceneId: string, input: LessonViewInput, spans: ReturnType<typeof cueSpans>, words: Map<string, CueWord[]>): ViewBlock[] {
  const span = (id: string) => spans.get(id) ?? null;
  switch (item.type) {
    case 'narration': {
      const s = span(item.id);
      return [{ type: 'narration', id: item.id, text: item.text, start: s?.start ?? null, end: s?.end ?? null, words: words.get(item.id) ?? [] }];
    }
    case 'popup': {
      const s = span(item.id);
      return [{ type: 'popup', id: item.id, text: item.text, start: s?.start ?? null, end: s?.end ?? null }];
    }
    case 'code':
      return [{ type: 'code', id: item.id, lang: item.lang, code: item.code, start: span(item.id)?.start ?? null }];
    case 'pause':
      // Silence on the video; nothing to read.
      return [];
    case 'terminal': {
      const out: ViewBlock[] = [];
      for (const step of item.steps) {
        if (step.type === 'command') {
          const s = span(step.id);
          const cast = input.casts.get(step.id);
          out.push({
            type: 'command', id: step.id, command: step.command, output: step.output, start: s?.start ?? null, end: s?.end ?? null,
            cast: cast?.text ?? null,
            // A recording keeps its own width (its lines wrap where they wrapped); a synthesized cast is sized to the script's lines.
            cols: cast?.recorded ? cast.cols : inlineCols(step.command, step.output, cast?.cols ?? input.lesson.meta.terminal.cols),
            rows: Math.max(3, Math.min(cast?.rows ?? 24, (cast?.lines ?? (step.output?.length ?? 0) + 1) + 1)),
            recorded: cast?.recorded ?? false,
            silent: step.output === null && (cast ? cast.silent === true : true),
          });
        } else if (opensRealFile(step)) {
          const already = out.some((b) => b.type === 'file' && b.path === step.path);
          if (!already)
            out.push({ type: 'file', path: step.path, content: input.files.get(step.path) ?? null, start: span(`open:${sceneId}:${step.path}`)?.start ?? null });
        }
        // Focus changes and clears are staging, not content: the transcript leaves them out.
      }
      return out;
    }
  }
}

/** Commands that print nothing, in a row, as one card (`cd` then `export` then `cd` is one card, not three players). */
function groupSilent(blocks: ViewBlock[]): ViewBlock[] {
  const out: ViewBlock[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (b.type !== 'command' || !b.silent) out.push(b);
    else if (last?.type === 'commands') { last.commands.push(b); last.end = b.end ?? last.end; }
    else out.push({ type: 'commands', commands: [b], start: b.start, end: b.end });
  }
  return out;
}

/** Joins a lesson with its timeline, casts and media into the data a lesson page shows. */
export function lessonView(input: LessonViewInput): LessonView {
  const { lesson, timeline } = input;
  const spans = cueSpans(timeline);
  const words = paragraphWords(timeline);
  const chapters: ViewChapter[] = lesson.scenes.map((scene, i) => {
    const ts = timeline?.scenes.find((s) => s.id === scene.id) ?? timeline?.scenes[i];
    const fallback = scene.kind === 'slide' ? (i === 0 ? 'Introduction' : 'Slides') : 'Demo';
    return {
      id: scene.id,
      title: ts?.title?.trim() || fallback,
      start: ts ? ts.start : null,
      blocks: groupSilent(scene.items.flatMap((item) => viewItems(item, scene.id, input, spans, words))),
    };
  }).filter((c) => c.blocks.length > 0);
  // One width for every inline terminal of the page, so their text has one size.
  const commands = chapters.flatMap((c) => c.blocks.filter((b): b is ViewCommand => b.type === 'command'));
  const cols = Math.max(0, ...commands.map((b) => b.cols));
  for (const b of commands) b.cols = cols;
  return {
    slug: lesson.slug,
    title: lesson.title,
    courseTitle: input.courseTitle,
    summary: lessonSummary(lesson),
    duration: timeline ? timeline.duration : null,
    estimated: Boolean(input.estimated && timeline),
    number: input.number,
    count: input.count,
    prev: input.prev,
    next: input.next,
    chapters,
    media: input.media,
  };
}

/** Paths of the files a lesson opens with `code <path>` (placeholders left out). */
export function openedFiles(lesson: Lesson): string[] {
  const paths = new Set<string>();
  for (const scene of lesson.scenes)
    for (const item of scene.items)
      if (item.type === 'terminal')
        for (const step of item.steps)
          if (step.type === 'direction' && opensRealFile(step)) paths.add(step.path);
  return [...paths];
}
