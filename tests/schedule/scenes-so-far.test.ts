/**
 * Speech beside capture rests on this (docs/video.md, "Speech beside capture"): the schedule of the
 * first scenes alone is the whole lesson's schedule of those scenes, cue for cue, and the shots cut
 * from it are the same shots (times, change points, the cues their keys hold). Property test over
 * random lessons, durations and paces (fast-check), pure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planShots } from '../../src/render/video/plan-shots.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import type { Scene, SceneItem } from '../../src/types.ts';
import { cmd, code, dir, fakeAudio, fakeCasts, lesson, popup, say, scene, term } from './lesson-fixture.ts';

/** One item of a scene, from a number (what kind) and a counter (for unique ids). */
function item(kind: number, n: number): SceneItem {
  switch (kind % 6) {
    case 0: case 1: return say(`p${n}`, `Sentence ${n} one.`, `Sentence ${n} two.`);
    case 2: return term(cmd(`echo ${n}`));
    case 3: return term(dir('clear'), cmd(`ls ${n}`, null));
    case 4: return popup(`popup-${n}`, `Popup ${n} with a few words.`);
    default: return code(`code-${n}`, `key: ${n}`);
  }
}

const lessons = fc.record({
  scenes: fc.array(fc.record({ desktop: fc.boolean(), items: fc.array(fc.nat(11), { minLength: 1, maxLength: 6 }) }), { minLength: 2, maxLength: 5 }),
  pace: fc.constantFrom('natural', 'sequential', 'overlap'),
  seconds: fc.array(fc.integer({ min: 300, max: 4000 }), { minLength: 1, maxLength: 8 }),
});

describe('the scenes so far', () => {
  it('are scheduled and cut into shots as they are in the whole lesson', () => {
    fc.assert(fc.property(lessons, ({ scenes, pace, seconds }) => {
      let n = 0;
      const l = lesson(scenes.map((s) => scene(s.desktop ? 'desktop' : 'slide', s.desktop ? 'terminal' : 'slide', ...s.items.map((k) => item(k, n++)))) as Omit<Scene, 'index' | 'id'>[],
        { pace: pace as 'natural' });
      const audio = fakeAudio(l, (id, k) => seconds[(id.length + k) % seconds.length] / 1000);
      const casts = fakeCasts(l);
      const whole = scheduleLesson(l, audio, casts);
      const wholeShots = planShots(whole, casts, { capture: 'changes' });
      for (let k = 1; k < l.scenes.length; k++) {
        const ids = new Set(l.scenes.slice(0, k).map((s) => s.id));
        const part = scheduleLesson(l, audio, casts, { scenes: k });
        expect(part.scenes).toEqual(whole.scenes.filter((s) => ids.has(s.id)));
        expect(part.cues).toEqual(whole.cues.filter((c) => ids.has(c.sceneId)));
        expect(planShots(part, casts, { capture: 'changes' })).toEqual(wholeShots.filter((s) => ids.has(s.sceneId)));
      }
    }), { numRuns: 150 });
  });

  it('need only the narration of those scenes', () => {
    const l = lesson([scene('slide', 'slide', say('a', 'One.')), scene('desktop', 'terminal', say('b', 'Two.'), term(cmd('ls')))]);
    const audio = fakeAudio(l);
    const first = { ...audio, paragraphs: audio.paragraphs.filter((p) => p.narrationId === 'a') };
    expect(() => scheduleLesson(l, first, fakeCasts(l))).toThrow(/narration "b" has no audio/);
    expect(scheduleLesson(l, first, fakeCasts(l), { scenes: 1 }).scenes.map((s) => s.id)).toEqual(['scene-1']);
  });
});
