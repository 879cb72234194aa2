/** The author's timing in a script: `{pause 2s}`, the inline `{next}` marker and `code <path>:<from>-<to>` (docs/ir.md). */
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { cutDirectives, markerPlace, pauseSeconds } from '../../src/parse/narration-directives.ts';
import { lessonNarration, type Direction, type Lesson, type Pause } from '../../src/types.ts';

const parse = (src: string) => parseLesson(src, { file: 'transcripts/t.md', slug: 't' });
const codes = (l: Lesson) => l.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
const items = (l: Lesson) => l.scenes.flatMap((s) => s.items);

describe('{pause}', () => {
  it('a paragraph of its own is a pause item with its seconds and place', () => {
    const l = parse('One.\n\n{pause 2s}\n\nTwo.\n\n{pause 1.5}\n\n  {Pause 800ms}  \n');
    const pauses = items(l).filter((i): i is Pause => i.type === 'pause');
    expect(pauses.map((p) => [p.id, p.seconds, p.pos.line, p.pos.column, p.raw])).toEqual([
      ['pause-1', 2, 3, 1, '{pause 2s}'], ['pause-2', 1.5, 7, 1, '{pause 1.5}'], ['pause-3', 0.8, 9, 3, '{Pause 800ms}'],
    ]);
    expect(items(l).map((i) => i.type)).toEqual(['narration', 'pause', 'narration', 'pause', 'pause']);
    expect(l.diagnostics).toEqual([]);
  });

  it('a bad duration is an invalid-pause error at the pause; inside a sentence it is pause-in-narration and not spoken', () => {
    const l = parse('{pause}\n\n{pause 2 minutes}\n\n{pause 0s}\n\n{pause 90s}\n\nWait here {pause 2s} and go.');
    expect(codes(l)).toEqual(['invalid-pause@1:1', 'invalid-pause@3:1', 'invalid-pause@5:1', 'invalid-pause@7:1', 'pause-in-narration@9:11']);
    expect(items(l).map((i) => i.type)).toEqual(['narration']);
    expect(lessonNarration(l)[0]).toMatchObject({ text: 'Wait here and go.', plain: 'Wait here and go.' });
    expect(pauseSeconds('90s')).toEqual({ error: expect.stringContaining('at most 60 s') });
    expect(pauseSeconds('.5')).toEqual({ seconds: 0.5 });
  });
});

describe('{next} markers', () => {
  it('are cut out of text, plain and sentences, and keep their sentence, word and place', () => {
    const l = parse('We open the file {next} right now. Then we {next command} run it.{next}\n');
    const n = lessonNarration(l)[0];
    expect(n.text).toBe('We open the file right now. Then we run it.');
    expect(n.sentences.map((s) => s.plain)).toEqual(['We open the file right now.', 'Then we run it.']);
    expect(n.markers.map((m) => [m.target, m.sentence, m.word, m.pos.line, m.pos.column, m.raw])).toEqual([
      [null, 0, 4, 1, 18, '{next}'], ['command', 1, 2, 1, 44, '{next command}'], [null, 1, 4, 1, 66, '{next}'],
    ]);
    expect(l.diagnostics).toEqual([]);
  });

  it('count words the way the timeline does (markdown stripped, punctuation-only tokens skipped) and keep code spans literal', () => {
    const l = parse('The **`pod-httpd.yml`** file — and `{next}` — is {next} open.');
    const n = lessonNarration(l)[0];
    expect(n.plain).toBe('The pod-httpd.yml file — and {next} — is open.');
    expect(n.markers.map((m) => [m.sentence, m.word])).toEqual([[0, 6]]);
  });

  it('an unknown target is an error (the marker still starts the next step); a near miss is a warning and is spoken', () => {
    const l = parse('Look {next poup} here {nxt} and {namespace} there.');
    expect(codes(l)).toEqual(['unknown-marker-target@1:6', 'unknown-marker@1:23']);
    expect(l.diagnostics[0].hint).toContain('{next command|file|terminal|clear|popup|code}');
    expect(l.diagnostics[1].hint).toMatch(/^write \{next\}/);
    const n = lessonNarration(l)[0];
    expect(n.text).toBe('Look here {nxt} and {namespace} there.');
    expect(n.markers).toEqual([expect.objectContaining({ target: null, word: 1 })]);
  });

  it('outside narration (a heading, a popup, a paragraph of markers alone) they are marker-outside-narration warnings', () => {
    const l = parse('## vscode {next}\n\nText.\n\n```popup\ncurl {next}\n```\n\n{next}\n');
    expect(codes(l)).toEqual(['marker-outside-narration@1:11', 'marker-outside-narration@6:6', 'marker-outside-narration@9:1']);
    expect(items(l).map((i) => i.type)).toEqual(['narration', 'popup']);
  });

  it('cutting keeps every other character at its source offset and never doubles a space', () => {
    const text = 'a {next} b {next}. {next} c';
    const { mapped, cut } = cutDirectives({ text, offsets: [...text].map((_, i) => i + 100) });
    expect(mapped.text).toBe('a b. c');
    expect(mapped.offsets).toEqual([100, 101, 109, 117, 118, 126]);
    expect(cut.map((c) => [c.at, c.source])).toEqual([[2, 102], [3, 111], [5, 119]]);
    expect(markerPlace('Go on now. Then stop.', 11)).toEqual({ sentence: 1, word: 0 });
    expect(markerPlace('Go on now. Then stop.', 9)).toEqual({ sentence: 0, word: 3 });
    expect(markerPlace('Go on now. Then stop.', 21)).toEqual({ sentence: 1, word: 2 });
  });
});

describe('code <path>:<from>-<to>', () => {
  it('splits the line range off the path; a single line is a range of one', () => {
    const l = parse('```bash\ncode configs/pod.yml:40-43\ncode configs/pod.yml:7\ncode configs/pod.yml\ncode ...\n```\n');
    const dirs = items(l).flatMap((i) => (i.type === 'terminal' ? i.steps : [])) as Direction[];
    expect(dirs.map((d) => [d.path, d.lines ?? null, d.raw])).toEqual([
      ['configs/pod.yml', { from: 40, to: 43 }, 'code configs/pod.yml:40-43'],
      ['configs/pod.yml', { from: 7, to: 7 }, 'code configs/pod.yml:7'],
      ['configs/pod.yml', null, 'code configs/pod.yml'],
      ['...', null, 'code ...'],
    ]);
  });
});
