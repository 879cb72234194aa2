/**
 * The camera in the video's plan (pure): a move is a frame on each tick while it runs and nothing
 * while it rests (change-driven capture), and an edit of the camera changes the keys of exactly
 * the shots whose pictures it changes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cameraAt } from '../../src/camera/frame-camera.ts';
import { planShots } from '../../src/render/video/plan-shots.ts';
import type { Cue, Timeline } from '../../src/schedule/types.ts';
import { cameraTimeline } from '../../src/stage/lesson-camera.ts';
import { seedLesson } from '../stage/helpers.ts';

const out = mkdtempSync(join(tmpdir(), 'lessoncast-camera-shots-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function seed(shape: 'landscape' | 'portrait') {
  const s = await seedLesson('pod-to-pod-networking', out);
  return { ...s, timeline: (await cameraTimeline(s, s.timeline, { shape })).timeline };
}

const plan = (timeline: Timeline, casts: Parameters<typeof planShots>[1], rate = 30) => planShots(timeline, casts, { capture: 'changes', captureFps: rate });

describe('the camera in the plan', () => {
  it('samples a move on every tick of its shot while it runs, and adds nothing while it rests', async () => {
    const { timeline, casts } = await seed('landscape');
    const moves = timeline.cues.filter((c) => c.type === 'camera');
    expect(moves.length).toBeGreaterThan(1);
    const shots = plan(timeline, casts);
    for (const m of moves) {
      const shot = shots.find((s) => s.start <= Math.round(m.start * 1000) && Math.round(m.start * 1000) < s.end)!;
      const from = Math.round(m.start * 1000), to = Math.round(m.end * 1000);
      const inMove = shot.times.filter((t) => t >= from && t < to);
      // A tick every 1/30 s of the shot's own clock, from the move's start.
      const ticks = new Set<number>();
      for (let k = 0; shot.start + (k * 1000) / 30 < to; k++) { const t = shot.start + Math.floor((k * 1000) / 30); if (t >= from) ticks.add(t); }
      for (const t of ticks) expect(inMove, `${m.id} tick ${t}`).toContain(t);
      expect(inMove.length).toBeLessThanOrEqual(ticks.size + 8);
    }
    // Without the camera cues, the same shots have exactly the ticks of the moves fewer.
    const bare = plan({ ...timeline, cues: timeline.cues.filter((c) => c.type !== 'camera') }, casts);
    const extra = shots.reduce((n, s) => n + s.times.length, 0) - bare.reduce((n, s) => n + s.times.length, 0);
    const moveTicks = moves.reduce((n, m) => n + Math.ceil((m.end - m.start) * 30), 0);
    expect(extra).toBeGreaterThan(0);
    expect(extra).toBeLessThanOrEqual(moveTicks + 2 * moves.length);
  });

  it('an edit of one framing changes the keys of exactly the shots whose pictures it changes', async () => {
    for (const shape of ['landscape', 'portrait'] as const) {
      const { timeline, casts } = await seed(shape);
      const moves = timeline.cues.filter((c) => c.type === 'camera');
      for (const edited of moves) {
        const cues: Cue[] = timeline.cues.map((c) => (c === edited ? { ...c, rect: [c.rect![0] + 40, c.rect![1] + 20, c.rect![2], c.rect![3]] as Cue['rect'] } : c));
        const before = plan(timeline, casts), after = plan({ ...timeline, cues }, casts);
        expect(after.map((s) => [s.start, s.end])).toEqual(before.map((s) => [s.start, s.end]));
        const changedKeys = before.map((s, i) => JSON.stringify(s.cues) !== JSON.stringify(after[i].cues));
        // The pictures: where the camera is at each millisecond of the shot, before and after.
        const stage = shape === 'landscape' ? { width: 1920, height: 1080 } : { width: 1080, height: 1920 };
        const sceneCues = (list: Cue[], id: string) => list.filter((c) => c.type === 'camera' && c.sceneId === id);
        const changedPictures = before.map((s) => {
          for (let t = s.start; t < s.end; t += 20) {
            const a = cameraAt(sceneCues(timeline.cues, s.sceneId), t / 1000, stage), b = cameraAt(sceneCues(cues, s.sceneId), t / 1000, stage);
            if (JSON.stringify(a) !== JSON.stringify(b)) return true;
          }
          return false;
        });
        expect(changedKeys, `${shape}: editing ${edited.id}`).toEqual(changedPictures);
        expect(changedPictures.some(Boolean)).toBe(true);
      }
    }
  });
});
