/** pace: natural (the default), {pause}, {next} markers and the pacing measure (docs/timeline.md, "Pacing"). */
import { describe, expect, it } from 'vitest';
import { synthesizeCast } from '../../src/casts/synthesize-cast.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import { OVERLAP, STILL_MAX } from '../../src/schedule/layout-natural.ts';
import { GAP_LIMIT, measurePacing } from '../../src/schedule/pacing.ts';
import { DEFAULT_PAUSES, NATURAL_PAUSES } from '../../src/schedule/pauses.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import type { Cue, Timeline } from '../../src/schedule/types.ts';
import { lessonCommands, type Lesson, type NarrationMarker, type SceneItem } from '../../src/types.ts';
import { cmd, code, dir, fakeAudio, lesson, popup, say, scene, term } from './lesson-fixture.ts';

const N = { ...DEFAULT_PAUSES, ...NATURAL_PAUSES };
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);
const byId = (tl: Timeline, id: string): Cue => { const c = tl.cues.find((x) => x.id === id); if (!c) throw new Error(`no cue ${id}`); return c; };
/** Real synthesized casts (prompt, typing at a human pace, output), as the build makes them. */
const casts = (l: Lesson): LessonCast[] => lessonCommands(l).map((c) => synthesizeCast(c, l.meta.terminal));
const natural = (l: Lesson, seconds: (id: string, n: number) => number = () => 3) => scheduleLesson({ ...l, meta: { ...l.meta, pace: 'natural' } }, fakeAudio(l, seconds), casts(l));
const pause = (id: string, seconds: number): SceneItem => ({ type: 'pause', id, seconds, pos: { file: 'transcripts/t.md', line: 99, column: 1, endLine: 99 }, raw: `{pause ${seconds}s}` });
const marked = (item: SceneItem, ...markers: Pick<NarrationMarker, 'sentence' | 'word'>[]): SceneItem =>
  ({ ...item, markers: markers.map((m) => ({ target: null, ...m, pos: item.pos, raw: '{next}' })) }) as SceneItem;

describe('pace: natural', () => {
  it('is the pace of a lesson that names none', async () => {
    const { parseLesson } = await import('../../src/parse/parse-lesson.ts');
    expect(parseLesson('Hi.', { file: 't.md', slug: 't' }).meta.pace).toBe('natural');
    expect(parseLesson('Hi.', { file: 't.md', slug: 't', defaultPace: 'sequential' }).meta.pace).toBe('sequential');
    expect(parseLesson('---\npace: overlap\n---\nHi.', { file: 't.md', slug: 't', defaultPace: 'sequential' }).meta.pace).toBe('overlap');
  });

  it('starts typing on the last words of the sentence before, and the narration after once the output is there', () => {
    const l = lesson([scene('desktop', null, say('a', 'First we look around.', 'Now we list the pods in the cluster.'), term(cmd('kubectl get pods')), say('b', 'There they are.'))]);
    const tl = natural(l);
    const last = byId(tl, 'narration:a#2'), c = byId(tl, 'command:cmd-1'), b = byId(tl, 'narration:b#1');
    expect(c.start).toBeGreaterThan(last.start);
    expect(c.start).toBeLessThan(last.end);
    expect(last.end - c.start).toBeGreaterThanOrEqual(OVERLAP / 1000 - 1e-9);
    // On a word: the start of one of the sentence's words.
    expect(last.words!.map((w) => w.start)).toContain(c.start);
    close(b.start, c.end + N.afterTerminal);
  });

  it('stage directions happen during the narration around them; the narration does not wait for their holds', () => {
    const l = lesson([scene('desktop', null,
      say('a', 'In this folder we have two files.'),
      term(dir('open-file', 'configs/a.yml'), dir('focus-terminal'), dir('open-file', 'configs/b.yml'), dir('clear')),
      say('b', 'The first one runs apache and the second one runs centos, as we will see.'))]);
    const tl = natural(l, (id) => (id === 'b' ? 10 : 3));
    const a = byId(tl, 'narration:a#1'), b = byId(tl, 'narration:b#1');
    const dirs = tl.cues.filter((c) => c.type === 'direction');
    expect(dirs[0].start).toBeLessThan(a.end);
    close(b.start, a.end + N.paragraph);
    for (const d of dirs.slice(1)) { expect(d.start).toBeGreaterThan(b.start); expect(d.start).toBeLessThan(b.end); }
    // While someone speaks, each file is shown for its whole hold before the next step.
    close(dirs[1].start - dirs[0].start, N.openFile + N.betweenSteps);
    // The sequential pace waits for every hold before speaking again.
    const seq = scheduleLesson(l, fakeAudio(l, (id) => (id === 'b' ? 10 : 3)), []);
    expect(byId(seq, 'narration:b#1').start).toBeGreaterThan(seq.cues.filter((c) => c.type === 'direction').at(-1)!.end);
  });

  it('in silence, steps follow each other within STILL_MAX; `code ...` takes no time and shows nothing', () => {
    const l = lesson([scene('desktop', null, say('a', 'Apply it.'), term(dir('open-file', '...'), dir('open-file', 'configs/a.yml'), cmd('kubectl apply -f configs/a.yml')))]);
    const tl = natural(l);
    const [ph, open] = tl.cues.filter((c) => c.type === 'direction');
    expect(ph).toMatchObject({ placeholder: true });
    close(ph.end, ph.start);
    close(open.start, ph.start);
    close(byId(tl, 'command:cmd-1').start - open.start, STILL_MAX / 1000);
    const p = measurePacing(tl, casts(l));
    expect(p.gaps).toEqual([]);
  });

  it('a popup at the end of a scene and a code block keep the picture moving', () => {
    const l = lesson([scene('desktop', null, say('a', 'This file.'), code('c1', 'a: 1'), say('b', 'And a callout.'), popup('p1', 'curl http://x'))]);
    const tl = natural(l);
    const c1 = byId(tl, 'code:c1'), b = byId(tl, 'narration:b#1'), p1 = byId(tl, 'popup:p1');
    expect(c1.start).toBeLessThan(byId(tl, 'narration:a#1').end);
    close(b.start, byId(tl, 'narration:a#1').end + N.paragraph);
    close(p1.start, b.end + N.paragraph);
    close(tl.scenes[0].end, tl.duration);
    expect(measurePacing(tl, []).longestUnwritten).toBeLessThanOrEqual(GAP_LIMIT);
  });
});

describe('popups', () => {
  const eleven = 'Services give pods a stable name that other pods can reach';
  const twoScenes = (pace: 'natural' | 'sequential') => {
    const l = lesson([
      scene('desktop', null, say('a', 'Names are easier than numbers.'), popup('p1', eleven)),
      scene('slide', 'slide', say('b', 'Next.')),
    ], { pace });
    return scheduleLesson(l, fakeAudio(l, () => 3), []);
  };

  it('an 11-word popup at the end of a scene stays its reading time, and the scene waits for it (every pace)', () => {
    expect(eleven.split(' ')).toHaveLength(11);
    for (const pace of ['natural', 'sequential'] as const) {
      const tl = twoScenes(pace);
      const p1 = byId(tl, 'popup:p1');
      // 11 words × 0.4 s = 4.4 s, more than pauses.popup (4 s).
      close(p1.end - p1.start, 11 * N.popupPerWord);
      close(tl.scenes[0].end, p1.end);
      close(byId(tl, 'narration:b#1').start, tl.scenes[1].start);
      expect(tl.scenes[1].start).toBeGreaterThanOrEqual(p1.end);
    }
  });

  it('a short popup stays pauses.popup; both are config keys', () => {
    const l = lesson([scene('desktop', null, say('a', 'Look.'), popup('p1', 'curl http://x'))], { pace: 'natural' });
    const tl = scheduleLesson(l, fakeAudio(l), []);
    close(byId(tl, 'popup:p1').end - byId(tl, 'popup:p1').start, N.popup);
    const slow = scheduleLesson(l, fakeAudio(l), [], { configPauses: { popup: 6 } });
    close(byId(slow, 'popup:p1').end - byId(slow, 'popup:p1').start, 6);
    const l2 = lesson([scene('desktop', null, say('a', 'Look.'), popup('p1', eleven))], { pace: 'natural' });
    const perWord = scheduleLesson(l2, fakeAudio(l2), [], { configPauses: { popupPerWord: 1 } });
    close(byId(perWord, 'popup:p1').end - byId(perWord, 'popup:p1').start, 11);
  });
});

describe('{pause}', () => {
  for (const pace of ['natural', 'sequential'] as const)
    it(`${pace}: holds everything for its seconds, in place of the pause the schedule would make; the gap is written`, () => {
      const l = lesson([scene('desktop', null, say('a', 'Think about it.'), pause('pause-1', 2.5), say('b', 'Right.'), term(cmd('ls')))], { pace });
      const tl = scheduleLesson(l, fakeAudio(l), casts(l));
      const a = byId(tl, 'narration:a#1'), p = byId(tl, 'pause:pause-1'), b = byId(tl, 'narration:b#1');
      close(p.start, a.end);
      close(p.end - p.start, 2.5);
      close(b.start, p.end);
      expect(p).toMatchObject({ type: 'pause', ref: 'pause-1', text: '{pause 2.5s}' });
      const m = measurePacing(tl, casts(l));
      expect(m.gaps).toEqual([{ start: a.end, end: b.start, duration: 2.5, written: 2.5 }]);
      expect(m.longestUnwritten).toBeLessThan(GAP_LIMIT);
    });

  it('waits for a command under way before it starts', () => {
    const l = lesson([scene('desktop', null, say('a', 'Let us list the pods of the cluster now.'), term(cmd('kubectl get pods --all-namespaces')), pause('pause-1', 1))]);
    const tl = natural(l);
    close(byId(tl, 'pause:pause-1').start, byId(tl, 'command:cmd-1').end);
  });
});

describe('{next} markers', () => {
  for (const pace of ['natural', 'sequential', 'overlap'] as const)
    it(`${pace}: each marker starts the next step at its word; the steps after follow`, () => {
      const l = lesson([scene('desktop', null,
        marked(say('a', 'We open the file and then we apply it.', 'It takes a moment.'), { sentence: 0, word: 3 }, { sentence: 0, word: 7 }),
        term(dir('open-file', 'configs/a.yml'), cmd('kubectl apply -f configs/a.yml'), cmd('kubectl get pods')),
        say('b', 'Done.'))], { pace });
      const tl = scheduleLesson(l, fakeAudio(l, () => 4), casts(l));
      const a1 = byId(tl, 'narration:a#1');
      close(byId(tl, 'direction:term-1#0').start, a1.words![3].start);
      const apply = byId(tl, 'command:cmd-1');
      close(apply.start, a1.words![7].start);
      expect(byId(tl, 'command:cmd-2').start).toBeGreaterThanOrEqual(apply.end);
      expect(byId(tl, 'narration:b#1').start).toBeGreaterThan(byId(tl, 'command:cmd-2').end);
    });

  it('a marker at the end of a sentence starts its step when the sentence\'s last word ends; popups take markers too', () => {
    const l = lesson([scene('desktop', null, marked(say('a', 'Names such as this one.', 'Are better than numbers.'), { sentence: 0, word: 5 }), popup('p1', 'apache.localcluster'), say('b', 'Yes.'))]);
    const tl = natural(l);
    const a1 = byId(tl, 'narration:a#1');
    close(byId(tl, 'popup:p1').start, a1.words!.at(-1)!.end);
  });

  it('a scene whose last step a marker took still holds after its last words before the next scene', () => {
    const l = lesson([
      scene('desktop', null, marked(say('a', 'Names such as this one are easier.'), { sentence: 0, word: 3 }), popup('p1', 'apache.localcluster')),
      scene('slide', 'slide', say('b', 'Next.')),
    ]);
    const tl = natural(l);
    // It holds after its last words, and for its popup's time: the popup came at word 3 and stays 4 s.
    close(tl.scenes[0].end, Math.max(byId(tl, 'narration:a#1').end + N.paragraph, byId(tl, 'popup:p1').start + N.popup));
    close(byId(tl, 'popup:p1').end, byId(tl, 'popup:p1').start + N.popup);
    close(byId(tl, 'narration:b#1').start, tl.scenes[1].start);
  });

  it('a voice-over paragraph (one clip) finds the word across its sentences', () => {
    const l = lesson([scene('desktop', null, marked(say('a', 'One two three.', 'Four five six.'), { sentence: 1, word: 1 }), term(cmd('ls')))]);
    const audio = fakeAudio(l);
    const words = ['One', 'two', 'three', 'Four', 'five', 'six'].map((text, k) => ({ text, start: k, end: k + 0.8 }));
    audio.paragraphs[0] = { ...audio.paragraphs[0], voiceOver: { file: '/v/a.wav', duration: 6, words }, duration: 6 };
    const tl = scheduleLesson({ ...l, meta: { ...l.meta, pace: 'natural' } }, audio, casts(l));
    close(byId(tl, 'command:cmd-1').start, byId(tl, 'narration:a').start + 4);
  });
});

describe('measurePacing', () => {
  it('idle is the time with neither narration nor a cast drawing; a still hold after a file opens is a gap', () => {
    const l = lesson([scene('desktop', null, say('a', 'Open it.'), term(dir('open-file', 'configs/a.yml'), cmd('cat configs/a.yml', ['a: 1'])), say('b', 'That is it.'))]);
    const seq = scheduleLesson(l, fakeAudio(l, () => 2), casts(l));
    const m = measurePacing(seq, casts(l));
    const d = byId(seq, 'direction:term-1#0'), c = byId(seq, 'command:cmd-1');
    // The file opens, then nothing moves until the first key: the hold, the step pause and the cast's think time.
    expect(m.longestGap).toMatchObject({ start: d.start, written: 0 });
    close(m.longestGap!.end, c.start + 0.5);
    expect(m.gaps).toEqual([m.longestGap]);
    // Idle: the whole video minus the two clips and the typing-to-prompt stretch of the cast.
    const cast = casts(l)[0].cast;
    const drawn = cast.events.filter((e) => e.code === 'o').map((e) => e.time);
    const motion = drawn.at(-1)! - drawn[1];
    expect(m.idleSeconds).toBeCloseTo(seq.duration - 4 - motion, 3);
    const nat = measurePacing(natural(l, () => 2), casts(l));
    expect(nat.gaps).toEqual([]);
    expect(nat.idle).toBeLessThan(m.idle);
  });
});
