import { describe, expect, it } from 'vitest';
import { castTypedAt } from '../../src/schedule/cast-typed-at.ts';
import { DEFAULT_PAUSES, resolvePauses } from '../../src/schedule/pauses.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { parseSlideTitles } from '../../src/schedule/slide-titles.ts';
import type { Cue } from '../../src/schedule/types.ts';
import { cmd, code, dir, fakeAudio, fakeCasts, lesson, popup, say, scene, term } from './lesson-fixture.ts';

const P = DEFAULT_PAUSES;
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);
const byId = (cues: Cue[], id: string) => { const c = cues.find((x) => x.id === id); if (!c) throw new Error(`no cue ${id}`); return c; };

describe('scheduleLesson', () => {
  it('plays narration in order, paragraph pauses between, chunk by chunk', () => {
    const l = lesson([scene('desktop', null, say('a', 'One.', 'Two.'), say('b', 'Three.'))]);
    const tl = scheduleLesson(l, fakeAudio(l, (_id, n) => n + 1), []);
    const n = tl.cues.filter((c) => c.type === 'narration');
    expect(n.map((c) => c.ref)).toEqual(['a#1', 'a#2', 'b#1']);
    close(n[0].start, P.leadIn); close(n[0].end, P.leadIn + 1);
    close(n[1].start, n[0].end); close(n[1].end, n[1].start + 2);
    close(n[2].start, n[1].end + P.paragraph);
    expect(n[0].audio).toBe('/cache/a-1.wav');
    expect(n[0].narrationId).toBe('a');
    close(tl.duration, n[2].end + P.paragraph + P.tail);
  });

  it('plays a terminal step after the narration before it, with pauses around it', () => {
    const l = lesson([scene('desktop', 'terminal', say('a', 'Run it.'), term(cmd('kubectl get pods'), cmd('pwd')), say('b', 'Done.'))]);
    const tl = scheduleLesson(l, fakeAudio(l), fakeCasts(l, 1.5, 0.5));
    const a = byId(tl.cues, 'narration:a#1'), c1 = byId(tl.cues, 'command:cmd-1'), c2 = byId(tl.cues, 'command:cmd-2'), b = byId(tl.cues, 'narration:b#1');
    close(c1.start, a.end + P.beforeTerminal); close(c1.end, c1.start + 2); close(c1.typedAt!, c1.start + 1.5);
    expect(c1.text).toBe('kubectl get pods');
    close(c2.start, c1.end + P.betweenSteps);
    close(b.start, c2.end + P.afterTerminal);
  });

  it('pace: overlap starts typing with the last sentence of the narration before', () => {
    const l = lesson([scene('desktop', null, say('a', 'First.', 'Now we run it.'), term(cmd('kubectl get pods')), say('b', 'Done.'))], { pace: 'overlap' });
    const tl = scheduleLesson(l, fakeAudio(l, () => 3), fakeCasts(l, 1, 0.5));
    const last = byId(tl.cues, 'narration:a#2'), c = byId(tl.cues, 'command:cmd-1'), b = byId(tl.cues, 'narration:b#1');
    close(c.start, last.start);
    // The cast (1.5 s) ends before the sentence (3 s): the next narration waits for the sentence.
    expect(b.start).toBeGreaterThanOrEqual(last.end);
    const seq = scheduleLesson({ ...l, meta: { ...l.meta, pace: 'sequential' } }, fakeAudio(l, () => 3), fakeCasts(l, 1, 0.5));
    expect(tl.duration).toBeLessThan(seq.duration);
  });

  it('keeps a popup up for pauses.popup, and a scene it would end waits for it', () => {
    const l = lesson([
      scene('desktop', null, say('a', 'Look.'), popup('p1', 'curl http://x'), say('b', 'Long sentence.')),
      scene('slide', 'powerpoint', say('c', 'Bye.'), popup('p2', 'last word')),
    ]);
    const tl = scheduleLesson(l, fakeAudio(l, (id) => (id === 'b' ? 10 : 1)), []);
    const p1 = byId(tl.cues, 'popup:p1'), p2 = byId(tl.cues, 'popup:p2');
    close(p1.start, byId(tl.cues, 'narration:a#1').end + P.paragraph);
    close(p1.end - p1.start, P.popup);
    close(p2.end - p2.start, P.popup);
    close(tl.scenes[1].end, p2.end + P.tail);
  });

  it('a slide stays for its narration plus slideEnd; scenes are contiguous and cover the timeline', () => {
    const l = lesson([scene('slide', 'powerpoint slide', say('a', 'Hi.')), scene('desktop', 'vscode', say('b', 'Demo.'), term(dir('open-file', 'configs/pod.yml'), cmd('kubectl apply -f x')))]);
    const tl = scheduleLesson(l, fakeAudio(l), fakeCasts(l), { slideTitles: ['Pod networking'] });
    close(tl.scenes[0].start, 0);
    close(tl.scenes[0].end, byId(tl.cues, 'narration:a#1').end + P.slideEnd);
    close(tl.scenes[1].start, tl.scenes[0].end);
    close(tl.scenes[1].end, tl.duration);
    expect(tl.scenes.map((s) => s.title)).toEqual(['Pod networking', 'Demo: pod.yml, kubectl']);
    const d = byId(tl.cues, 'direction:term-1#0');
    expect(d).toMatchObject({ action: 'open-file', path: 'configs/pod.yml', sceneId: 'scene-2' });
    close(d.end - d.start, P.openFile);
    close(byId(tl.cues, 'command:cmd-1').start, d.end + P.betweenSteps);
  });

  it('sorts cues by start (scene first), keeps code in the editor until the scene ends', () => {
    const l = lesson([scene('desktop', null, code('c1', 'a: 1'), say('a', 'This file.'))]);
    const tl = scheduleLesson(l, fakeAudio(l), []);
    expect(tl.cues[0].type).toBe('scene');
    for (let i = 1; i < tl.cues.length; i++) expect(tl.cues[i].start).toBeGreaterThanOrEqual(tl.cues[i - 1].start);
    const c = byId(tl.cues, 'code:c1');
    close(c.end, tl.scenes[0].end);
    close(byId(tl.cues, 'narration:a#1').start, c.start + P.code);
  });

  it('config and option pauses override defaults (bad values are the schema\'s findings: tests/cli/config-limits.test.ts)', () => {
    const l = lesson([scene('desktop', null, say('a', 'One.'), say('b', 'Two.'))]);
    const tl = scheduleLesson(l, fakeAudio(l, () => 1), [], { configPauses: { paragraph: 2 }, pauses: { leadIn: 0, tail: 0 } });
    close(byId(tl.cues, 'narration:b#1').start, 3);
    expect(resolvePauses({ paragraph: 2 }, { leadIn: 0 }, 'natural')).toMatchObject({ paragraph: 2, leadIn: 0, afterTerminal: 0.6 });
  });

  it('a voice-over replaces the chunks with one cue of its real length', () => {
    const l = lesson([scene('desktop', null, say('a', 'One.', 'Two.'))]);
    const audio = fakeAudio(l);
    audio.paragraphs[0] = { ...audio.paragraphs[0], voiceOver: { file: '/rec/voice/a.wav', duration: 7.25 }, duration: 7.25 };
    const n = scheduleLesson(l, audio, []).cues.filter((c) => c.type === 'narration');
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ ref: 'a', audio: '/rec/voice/a.wav' });
    close(n[0].end - n[0].start, 7.25);
  });

  it('says precisely what lacks a duration instead of guessing', () => {
    const l = lesson([scene('desktop', null, say('a', 'One.'), term(cmd('kubectl get pods')))]);
    const audio = fakeAudio(l);
    audio.paragraphs = [];
    expect(() => scheduleLesson(l, audio, [])).toThrow(/transcripts\/t\.md:\d+:1 narration "a" has no audio[\s\S]*command cmd-1 \(kubectl get pods\) has no cast/);
  });

  it('is pure: same input, same timeline', () => {
    const l = lesson([scene('desktop', null, say('a', 'One.'), term(cmd('ls')))]);
    expect(scheduleLesson(l, fakeAudio(l), fakeCasts(l))).toEqual(scheduleLesson(l, fakeAudio(l), fakeCasts(l)));
  });
});

describe('castTypedAt', () => {
  const base = { commandId: 'cmd-1', cast: { version: 2 as const, cols: 80, rows: 24, duration: 3, events: [
    { time: 0.1, code: 'o', data: '$ ' }, { time: 0.5, code: 'o', data: 'ls' }, { time: 1.2, code: 'o', data: '\r\n' }, { time: 2, code: 'o', data: 'a b\r\n' },
  ] } };
  it('uses typedAt of synthesized casts, Enter input or the first echoed line break of recordings', () => {
    expect(castTypedAt({ ...base, source: 'synthesized', typedAt: 0.9 })).toBe(0.9);
    expect(castTypedAt({ ...base, source: 'recorded' })).toBe(1.2);
    expect(castTypedAt({ ...base, source: 'recorded', cast: { ...base.cast, events: [...base.cast.events, { time: 1.1, code: 'i', data: '\r' }] } })).toBe(1.1);
  });
});

describe('parseSlideTitles', () => {
  it('takes the first heading of each slide, null when none', () => {
    expect(parseSlideTitles('# Pod to **pod**\ntext\n---\nno heading\n---\n## Second `x`\n')).toEqual(['Pod to pod', null, 'Second x']);
  });
});

describe('chapter titles', () => {
  const titles = (...scenes: Parameters<typeof lesson>[0]) => scheduleLesson(lesson(scenes), fakeAudio(lesson(scenes)), fakeCasts(lesson(scenes))).scenes.map((s) => s.title);

  it('are the heading\'s words without the scene kind', () => {
    expect(titles(
      scene('desktop', 'vscode: the page it serves', say('a', 'Here it is.'), term(dir('open-file', 'site/index.html'))),
      scene('desktop', 'terminal: start the server', say('b', 'Run it.'), term(cmd('npm start'))),
      scene('desktop', 'terminal - kubectl basics', say('c', 'Pods.'), term(cmd('kubectl get pods'))),
      scene('desktop', 'vscode (pod.yml)', say('d', 'A pod.'), term(dir('open-file', 'configs/pod.yml'))),
      scene('slide', 'powerpoint slide: Why DNS', say('e', 'Names.')),
      scene('desktop', 'Why names win', say('f', 'Names.')),
      scene('desktop', 'Terminal multiplexers', say('g', 'Tmux.')),
      scene('desktop', 'shell scripting', say('h', 'Scripts.')),
    )).toEqual(['The page it serves', 'Start the server', 'kubectl basics', 'pod.yml', 'Why DNS', 'Why names win', 'Terminal multiplexers', 'Shell scripting']);
  });

  it('a heading that only names the kind: the files and programs, else the first words said, else the command', () => {
    expect(titles(
      scene('slide', 'powerpoint slide', say('a', 'Hello.')),
      scene('desktop', 'vscode', say('b', 'Here is the page.'), term(dir('open-file', 'site/index.html'), cmd('python3 -m http.server'))),
      scene('desktop', 'terminal', say('c', 'Now we look around the folder we are in, and at what it holds for this lesson.'), term(cmd('ls'))),
      scene('desktop', 'terminal', say('d', 'Where are we?'), term(cmd('pwd'))),
      scene('desktop', 'terminal', term(cmd('pwd'))),
    )).toEqual(['Test lesson', 'Demo: index.html, python3', 'Now we look around the folder we are in, and at…', 'Where are we', 'pwd']);
  });
});
