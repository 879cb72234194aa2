/** Hand-made lessons, audio and casts for the pure schedule tests (no parser, no engines). */
import type { LessonCast } from '../../src/casts/types.ts';
import type { LessonAudio } from '../../src/narrate/types.ts';
import type { Lesson, Scene, SceneItem, SourcePos, TerminalStep } from '../../src/types.ts';

let line = 1;
const pos = (): SourcePos => ({ file: 'transcripts/t.md', line: line, column: 1, endLine: line++ });

/** Narration of sentences; `say('a.', 'b.')`. */
export function say(id: string, ...sentences: string[]): SceneItem {
  const text = sentences.join(' ');
  return { type: 'narration', id, text, plain: text, listItem: false, sentences: sentences.map((s) => ({ text: s, plain: s, pos: pos() })), markers: [], pos: pos(), raw: text };
}
let cmdIndex = 0;
export function cmd(command: string, output: string[] | null = ['ok']): TerminalStep {
  const i = cmdIndex++;
  return { type: 'command', id: `cmd-${i + 1}`, index: i, command, output, explicit: true, placeholders: [], pos: pos(), raw: `$ ${command}` };
}
export function dir(action: 'open-file' | 'focus-terminal' | 'clear', path?: string): TerminalStep {
  return { type: 'direction', action, ...(path ? { path } : {}), placeholders: [], pos: pos(), raw: action === 'open-file' ? `code ${path}` : action };
}
let blockIndex = 0;
export function term(...steps: TerminalStep[]): SceneItem {
  return { type: 'terminal', id: `term-${++blockIndex}`, lang: 'bash', steps, pos: pos(), raw: '' };
}
export function popup(id: string, text: string): SceneItem {
  return { type: 'popup', id, text, pos: pos(), raw: text };
}
export function code(id: string, text: string): SceneItem {
  return { type: 'code', id, lang: 'yaml', code: text, pos: pos(), raw: text };
}
export function scene(kind: 'slide' | 'desktop', heading: string | null, ...items: SceneItem[]): Omit<Scene, 'index' | 'id'> {
  return { type: 'scene', kind, heading, implicit: heading === null, items, pos: pos() };
}

/** A lesson of scenes (ids/indexes filled in); resets the id counters for the next lesson. */
export function lesson(scenes: Omit<Scene, 'index' | 'id'>[], meta: Partial<Lesson['meta']> = {}, title = 'Test lesson'): Lesson {
  cmdIndex = 0; blockIndex = 0; line = 1;
  return {
    type: 'lesson', slug: 't', file: 'transcripts/t.md', title, titleSource: 'frontmatter',
    meta: { workdir: '.', pace: 'sequential', terminal: { cols: 80, rows: 24, prompt: '$ ', theme: 'dark' }, extra: {}, ...meta },
    notes: [], structure: null, diagnostics: [],
    scenes: scenes.map((s, index) => ({ ...s, index, id: `scene-${index + 1}` })),
  };
}

/** Audio where sentence n of every paragraph lasts `durations[n] ?? 2` seconds. */
export function fakeAudio(l: Lesson, duration: (narrationId: string, n: number) => number = () => 2): LessonAudio {
  const paragraphs = l.scenes.flatMap((s) => s.items).filter((i) => i.type === 'narration').map((n) => {
    const chunks = n.sentences.map((s, k) => ({ id: `${n.id}#${k + 1}`, narrationId: n.id, text: s.text, spoken: s.plain, wavFile: `/cache/${n.id}-${k + 1}.wav`, duration: duration(n.id, k) }));
    return { narrationId: n.id, chunks, voiceOver: null, duration: chunks.reduce((a, c) => a + c.duration, 0) };
  });
  return { slug: l.slug, engine: 'fake', voice: 'fake', sampleRate: 22050, paragraphs };
}

/** Synthesized-like casts: typing takes `typed` s, output `out` s more. */
export function fakeCasts(l: Lesson, typed = 1.5, out = 0.5): LessonCast[] {
  return l.scenes.flatMap((s) => s.items).flatMap((i) => (i.type === 'terminal' ? i.steps : [])).filter((s) => s.type === 'command').map((c) => ({
    commandId: c.id, source: 'synthesized' as const, typedAt: typed,
    cast: { version: 2 as const, cols: 80, rows: 24, duration: typed + out, events: [
      { time: 0, code: 'o', data: '$ ' }, { time: typed / 2, code: 'o', data: c.command.slice(0, 3) }, { time: typed, code: 'o', data: '\r\n' }, { time: typed + out, code: 'o', data: 'ok\r\n$ ' },
    ] },
  }));
}
