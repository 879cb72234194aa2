/**
 * Casts of any length at linear cost (issue 22, docs/limits.md): the event limit names the line of
 * the first event past it in both readers; a cast's writes within one tick are drawn at once; the
 * headless terminal is fed without a timer turn per write (20,000 writes took 25 s); the video's
 * stage frames and a shot's captures are at most one a tick, however many writes the cast holds,
 * and the pictures they give are the ones drawing every write gives. Full sizes (10⁶ events) are
 * measured by `npm run bench:limits`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readCast } from '../../src/casts/asciicast.ts';
import { CastInvalidError } from '../../src/casts/cast-invalid-error.ts';
import { coalesceDrawn, DRAW_TICK_RATE, type DrawnEvent } from '../../src/casts/coalesce-drawn.ts';
import { readCastFile } from '../../src/casts/read-cast-file.ts';
import type { Cast, LessonCast } from '../../src/casts/types.ts';
import { openCourse } from '../../src/course.ts';
import { LIMITS } from '../../src/limits.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { lastChangePerTick, shotTicks, slotOf } from '../../src/render/video/frame-grid.ts';
import { planShots } from '../../src/render/video/plan-shots.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { stageModel } from '../../src/stage/stage-model.ts';
import { finalScreen, screenFrames } from '../../src/stage/terminal-screens.ts';
import { screenRow } from '../../src/stage/screen-html.ts';
import type { StreamEvent } from '../../src/stage/terminal-stream.ts';
import { fakeAudio, ROOT } from '../stage/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lessoncast-cast-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** `seq n` as a recording: one write a millisecond. */
function seqCast(n: number): Cast {
  return { version: 2, cols: 80, rows: 24, events: Array.from({ length: n }, (_, i) => ({ time: Math.round(i) / 1000, code: 'o', data: `${i + 1}\r\n` })), duration: (n - 1) / 1000 };
}
const v2 = (events: number) => ['{"version": 2, "width": 80, "height": 24}', ...Array.from({ length: events }, (_, i) => `[${(i / 1000).toFixed(3)}, "o", "${i + 1}\\r\\n"]`)].join('\n') + '\n';

describe('the event limit', () => {
  it('one event past the limit is an error at its line, in the string and the streaming reader; the limit itself is fine', async () => {
    const file = join(dir, 'events.cast');
    writeFileSync(file, v2(101));
    const text = readFileSync(file, 'utf8');
    expect(() => readCast(text, 'events.cast', { maxEvents: 100 })).toThrow(CastInvalidError);
    const fromText = (() => { try { readCast(text, 'events.cast', { maxEvents: 100 }); } catch (e) { return e as CastInvalidError; } })()!;
    expect(fromText.line).toBe(102);
    expect(fromText.problem).toBe('the recording has more than 100 events; a recording may have at most 100 (docs/limits.md): record a shorter session or trim it');
    const fromFile = await readCastFile(file, { file: 'events.cast', limits: { castEvents: 100 }, chunkBytes: 97 }).catch((e: CastInvalidError) => e);
    expect(fromFile).toBeInstanceOf(CastInvalidError);
    expect([(fromFile as CastInvalidError).line, (fromFile as CastInvalidError).problem]).toEqual([fromText.line, fromText.problem]);
    expect((await readCastFile(file, { limits: { castEvents: 101 } })).events).toHaveLength(101);
    expect(LIMITS.castEvents).toBe(1_000_000);
  });

  it('a v1 cast over the limit is refused at its header', () => {
    const v1 = JSON.stringify({ version: 1, width: 80, height: 24, stdout: Array.from({ length: 11 }, () => [0.01, 'x']) });
    expect(() => readCast(v1, 'v1.cast', { maxEvents: 10 })).toThrow(/v1\.cast:1: the recording has more than 10 events/);
    expect(readCast(v1, 'v1.cast', { maxEvents: 11 }).events).toHaveLength(11);
  });
});

describe('a tick\'s writes drawn at once', () => {
  it('joins the writes of each 1/120 s of the cast\'s own clock at the time of the last, keeping every byte and each resize in its place', () => {
    const events: DrawnEvent[] = [
      { time: 0, code: 'o', data: 'a' }, { time: 0.002, code: 'o', data: 'b' }, { time: 0.004, code: 'r', data: '100x30' }, { time: 0.005, code: 'o', data: 'c' },
      { time: 0.1, code: 'o', data: 'd' }, { time: 0.5, code: 'o', data: 'e' }, { time: 0.5, code: 'o', data: 'f' },
    ];
    expect(coalesceDrawn(events)).toEqual([
      { time: 0.005, code: 'o', data: 'ab' }, { time: 0.005, code: 'r', data: '100x30' }, { time: 0.005, code: 'o', data: 'c' },
      { time: 0.1, code: 'o', data: 'd' }, { time: 0.5, code: 'o', data: 'ef' },
    ]);
    // Typing at a human pace (45 ms or more apart) is left as it is.
    const typing: DrawnEvent[] = Array.from({ length: 20 }, (_, i) => ({ time: i * 0.045, code: 'o', data: 'x' }));
    expect(coalesceDrawn(typing)).toEqual(typing);
    // 20,000 writes a millisecond apart: at most one a tick of the 20 s they cover.
    const seq = seqCast(20_000).events.map((e) => ({ ...e, code: 'o' as const }));
    const joined = coalesceDrawn(seq);
    expect(joined.length).toBeLessThanOrEqual(20 * DRAW_TICK_RATE + 1);
    expect(joined.map((e) => e.data).join('')).toBe(seq.map((e) => e.data).join(''));
  });
});

describe('the headless terminal', () => {
  it('reads the final screen of 20,000 writes without a timer turn per write', async () => {
    const events: StreamEvent[] = seqCast(20_000).events.map((e) => [e.time, 'o', e.data]);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const final = await finalScreen(events, 80, 24);
    expect(timers.mock.calls.length).toBeLessThan(200);
    expect(final.rows.join('\n')).toContain('20000');
    expect(final.rows.join('\n')).toContain('19978');
  });

  it('reads each screen as the writes up to its time leave it, for every real and recorded cast', async () => {
    const files = [...readdirSync(join(ROOT, 'tests/fixtures/real-casts')).filter((f) => f.endsWith('.cast')).map((f) => join(ROOT, 'tests/fixtures/real-casts', f)),
      ...readdirSync(join(ROOT, 'tests/fixtures/casts/asciinema')).filter((f) => f.endsWith('.cast')).map((f) => join(ROOT, 'tests/fixtures/casts/asciinema', f))];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const cast = readCast(readFileSync(file, 'utf8'), file);
      const events: StreamEvent[] = cast.events.filter((e) => e.code === 'o' || e.code === 'r').map((e) => [e.time, e.code as 'o' | 'r', e.data]);
      const frames = await screenFrames(events, cast.cols, cast.rows);
      // Screens read in the write callbacks equal the screen after replaying just the writes up to that time.
      const picks = [...new Set([1, 2, Math.floor(frames.times.length / 3), Math.floor(frames.times.length / 2), frames.times.length - 1])].filter((i) => i > 0 && i < frames.times.length);
      for (const i of picks) {
        const expected = await finalScreen(events.filter((e) => e[0] <= frames.times[i]), cast.cols, cast.rows);
        expect({ rows: frames.frames[i].rows.map((r, y) => screenRow(y, frames.rowTable[r])), cursor: frames.frames[i].cursor }, `${file} at ${frames.times[i]}`).toEqual(expected);
      }
    }
  });
});

describe('the video draws at most once a tick', () => {
  it('a 20,000-write cast gives stage frames and captures in proportion to its ticks, not its writes', async () => {
    const course = await openCourse({ root: join(ROOT), out: join(dir, 'build') });
    const lesson = parseLesson('## terminal\n\nA long output follows.\n\n```bash\n$ seq 20000\n```\n', { file: 'transcripts/seq.md', slug: 'seq' });
    const cast: LessonCast = { commandId: 'cmd-1', source: 'recorded', file: 'recordings/seq/01.cast', kind: 'full', cast: seqCast(20_000) };
    const timeline = scheduleLesson(lesson, fakeAudio(lesson), [cast]);
    const model = await stageModel({ course, lesson, casts: [cast] }, 'video', timeline);
    const frames = model.scenes[0].terminal!.frames!;
    expect(frames.times.length).toBeGreaterThan(20 * 30);
    expect(frames.times.length).toBeLessThanOrEqual(20 * DRAW_TICK_RATE + 10);
    const rate = 30;
    const shots = planShots(timeline, [cast], { capture: 'changes', captureFps: rate });
    const captures = shots.reduce((n, s) => n + s.times.length, 0);
    expect(captures).toBeLessThanOrEqual(Math.ceil(timeline.duration * rate) + shots.length);
    // Each kept time is the last change of its tick: no two in one tick but a shot's start.
    for (const s of shots) {
      const slots = s.times.filter((t) => t !== s.start).map((t) => slotOf(t - s.start, rate, shotTicks(s.end - s.start, rate)));
      expect(new Set(slots).size).toBe(slots.length);
    }
  });

  it('lastChangePerTick keeps the start and the last change of each tick', () => {
    // 30 ticks a second: a change shows from the first tick at or after it (33.3, 66.7, 100 ms).
    expect(lastChangePerTick([0, 5, 20, 33, 34, 60, 70, 99], 0, 30, 4)).toEqual([0, 33, 60, 99]);
    // Past the last tick, changes fall on it.
    expect(lastChangePerTick([0, 5, 20, 33, 34, 60, 70, 99], 0, 30, 3)).toEqual([0, 33, 99]);
    expect(lastChangePerTick([1000, 1001], 1000, 30, 1)).toEqual([1000, 1001]);
  });
});
