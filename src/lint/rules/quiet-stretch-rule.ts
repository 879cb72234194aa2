/**
 * `quiet-stretch`: a stretch of the video longer than the limit (config `lint.quietStretch`, 6 s) with
 * neither narration nor a command's output changing — the viewer watches keys being typed, a command
 * that prints nothing, or a still picture, in silence (docs/lint.md). Pure: the timeline and the casts.
 */
import type { LessonCast } from '../../casts/types.ts';
import { castTypedAt } from '../../schedule/cast-typed-at.ts';
import type { Cue, Timeline } from '../../schedule/types.ts';
import type { Diagnostic, Lesson, SourcePos } from '../../types.ts';

/** A quiet stretch of the timeline, seconds. */
export interface QuietStretch {
  start: number;
  end: number;
  /** Its length less the `{pause}` seconds the author wrote inside it. */
  unwritten: number;
}

/** Steps that may start a stretch, in the order a finding prefers them. */
const STEP_TYPES = new Set<Cue['type']>(['command', 'direction', 'code', 'popup', 'pause']);

/**
 * The stretches longer than `limit` (written pauses aside) with neither narration playing, nor a popup
 * to read, nor a cast printing after its command's Enter (its output, its next prompt, a resize).
 * The keys of a command being typed are not output: a long typing in silence is what this finds.
 */
export function quietStretches(timeline: Timeline, casts: LessonCast[], limit: number): QuietStretch[] {
  const castOf = new Map(casts.map((c) => [c.commandId, c]));
  const busy: [number, number][] = [];
  for (const c of timeline.cues) {
    if (c.type === 'narration' || c.type === 'popup') busy.push([c.start, c.end]);
    else if (c.type === 'command') {
      const lc = castOf.get(c.ref);
      if (!lc) continue;
      const enter = castTypedAt(lc);
      for (const e of lc.cast.events)
        if ((e.code === 'o' || e.code === 'r') && e.time > enter + 1e-9) { const t = Math.min(c.start + e.time, c.end); busy.push([t, t]); }
    }
  }
  busy.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const pauses = timeline.cues.filter((c) => c.type === 'pause').map((c) => [c.start, c.end] as const);
  const out: QuietStretch[] = [];
  let from = 0;
  const close = (to: number) => {
    if (to - from <= limit) return;
    const written = pauses.reduce((sum, [p, q]) => sum + Math.max(0, Math.min(q, to) - Math.max(p, from)), 0);
    const unwritten = Math.round((to - from - written) * 1000) / 1000;
    if (unwritten > limit) out.push({ start: from, end: to, unwritten });
  };
  for (const [a, b] of busy) {
    if (a > from) close(a);
    from = Math.max(from, b);
  }
  close(timeline.duration);
  return out;
}

/** Where each cue's step is written: commands, directions, popups, code blocks, pauses, scenes. */
function stepPlaces(lesson: Lesson): Map<string, SourcePos> {
  const at = new Map<string, SourcePos>();
  for (const scene of lesson.scenes) {
    at.set(`scene:${scene.id}`, scene.pos);
    for (const item of scene.items) {
      if (item.type === 'terminal') item.steps.forEach((step, i) => at.set(step.type === 'command' ? `command:${step.id}` : `direction:${item.id}#${i}`, step.pos));
      else if (item.type === 'popup' || item.type === 'code' || item.type === 'pause') at.set(`${item.type}:${item.id}`, item.pos);
    }
  }
  return at;
}

const s1 = (x: number) => `${(Math.round(x * 10) / 10).toFixed(1)} s`;

/** A warning per quiet stretch, at the step that starts it (else the command under way, else its scene). */
export function quietStretchRule(lesson: Lesson, timeline: Timeline, casts: LessonCast[], limit: number): Diagnostic[] {
  const places = stepPlaces(lesson);
  const castOf = new Map(casts.map((c) => [c.commandId, c]));
  return quietStretches(timeline, casts, limit).map((q) => {
    const inside = timeline.cues.filter((c) => STEP_TYPES.has(c.type) && c.start >= q.start - 1e-9 && c.start < q.end);
    const running = timeline.cues.find((c) => c.type === 'command' && c.start <= q.start && q.start < c.end);
    const scene = timeline.cues.find((c) => c.type === 'scene' && c.start <= q.start && q.start < c.end) ?? timeline.cues.find((c) => c.type === 'scene');
    const cue = inside[0] ?? running ?? scene;
    const pos = (cue && places.get(cue.id)) ?? { file: lesson.file, line: 1, column: 1, endLine: 1 };
    return {
      code: 'quiet-stretch', severity: 'warning', file: lesson.file, line: pos.line, column: pos.column,
      message: `${s1(q.end - q.start)} with neither narration nor new output (${s1(q.start)}–${s1(q.end)} of the video; the limit is ${s1(limit)})`,
      hint: hintFor(q, [...(running ? [running] : []), ...inside], castOf),
    } satisfies Diagnostic;
  });
}

/** What to do, from what fills the stretch: a command being typed, a command printing nothing, or a still picture. */
function hintFor(q: QuietStretch, cues: Cue[], castOf: Map<string, LessonCast>): string {
  const length = q.end - q.start;
  for (const c of cues) {
    if (c.type !== 'command') continue;
    const lc = castOf.get(c.ref);
    const enter = c.typedAt ?? c.start;
    const typing = Math.max(0, Math.min(enter, q.end) - Math.max(c.start, q.start));
    const silent = Math.max(0, Math.min(c.end, q.end) - Math.max(enter, q.start));
    const name = `\`${c.text && c.text.length > 40 ? c.text.slice(0, 39) + '…' : c.text}\``;
    if (typing >= length * 0.4)
      return lc?.source === 'recorded' && lc.kind === 'session'
        ? `${name} is typed for ${s1(enter - c.start)} as recorded: narrate while it is typed, or record it again`
        : `${name} is typed for ${s1(enter - c.start)}: narrate while it is typed, or shorten it with typing.maxSeconds / typing.pasteOver (config or frontmatter)`;
    if (silent >= length * 0.4)
      return `${name} prints nothing for ${s1(silent)}: say what it is doing while it runs`;
  }
  return 'say something over it, or shorten what holds the picture (a {pause}, a long hold in `pauses`)';
}
