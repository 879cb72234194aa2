/** The queue's plain parts: URLs, the unreachable-Redis error, job ids and flows, the scheduler's order, course inputs, the default --jobs. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { lessonInputs, differingInputs, LESSONCAST_INPUT } from '../../src/lesson-inputs.ts';
import { JobScheduler } from '../../src/render/jobs/job-scheduler.ts';
import { defaultJobs } from '../../src/render/jobs/local-runner.ts';
import { simulateSchedule } from '../../src/render/jobs/simulate-schedule.ts';
import { connectRedis, parseQueueUrl } from '../../src/queue/redis-connection.ts';
import { jobId, lessonFlow, PRIORITY } from '../../src/render/jobs/render-jobs.ts';
import type { VideoPlan } from '../../src/render/video/plan-video.ts';
import { lessoncast } from '../helpers/cli.ts';
import { makeMiniCourse } from '../video/mini-course.ts';
import { freePort } from './redis-server.ts';

const root = makeMiniCourse();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('queue URLs', () => {
  it('takes redis://HOST[:PORT][/DB] apart and refuses anything else', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6380/2')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, tls: false });
    expect(parseQueueUrl('redis://redis')).toMatchObject({ host: 'redis', port: 6379, db: 0 });
    expect(parseQueueUrl('rediss://[::1]:7000')).toMatchObject({ host: '::1', port: 7000, tls: true });
    for (const bad of ['http://x:6379', 'redis://h:6379/abc', 'nonsense', 'redis://h:99999'])
      expect(() => parseQueueUrl(bad), bad).toThrow(expect.objectContaining({ code: 'QUEUE_URL_INVALID' }));
  });

  it('an unreachable Redis is an environment error naming the URL and how to start one', async () => {
    const port = await freePort();
    const err = await connectRedis(`redis://127.0.0.1:${port}`, 'coordinator').then(() => null, (e) => e);
    expect(err).toMatchObject({ code: 'QUEUE_UNREACHABLE' });
    expect(err.message).toContain(`redis://127.0.0.1:${port}`);
    expect(err.fix).toContain(`redis-server --port ${port}`);
    expect(err.fix).toContain('apt-get install redis-server');
  });

  it('from the command line: build --queue and worker say what is wrong, exit 1 (a bad URL: 2, a usage error), no stack trace', async () => {
    const port = await freePort();
    const build = lessoncast(['build', '--video', '--no-progress', '--root', root, '--queue', `redis://127.0.0.1:${port}`]);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain(`No Redis answers at redis://127.0.0.1:${port}`);
    expect(build.stderr).toContain(`redis-server --port ${port}`);
    const noQueue = lessoncast(['worker', '--root', root]);
    expect(noQueue.code).toBe(1);
    expect(noQueue.stderr).toContain('needs a queue');
    const badUrl = lessoncast(['worker', '--root', root, '--queue', 'http://localhost:6379']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('the scheme must be redis://');
    for (const r of [build, noQueue, badUrl]) expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  }, 60_000);
});

describe('jobs', () => {
  const shot = (hash: string, start: number, end: number) => ({ key: { kind: 'shot', hash }, sceneId: 's1', sceneTitle: 'One', start, end, times: [start], ticks: 1, lessonTicks: 1 });
  const plan = {
    slug: 'my lesson', shots: [shot('a'.repeat(32), 0, 3000), shot('b'.repeat(32), 3000, 10_000), shot('c'.repeat(32), 10_000, 14_000), shot('a'.repeat(32), 14_000, 17_000)],
    narration: { key: { kind: 'narration', hash: 'd'.repeat(32) } }, output: { key: { kind: 'output', hash: 'e'.repeat(32) } },
  } as unknown as VideoPlan;
  const base = { slug: 'my lesson', inputs: { hash: 'x', files: {} }, video: { capture: 'changes' as const } };

  it('a flow: the mux over the shots and narration the store lacks, each shot once, the longest first', () => {
    const { mux, children } = lessonFlow(plan, base, (k) => k === `shot/${'c'.repeat(32)}`);
    expect(mux.id).toBe(`mux-${'e'.repeat(32)}-my_lesson`);
    expect(children.map((c) => c.id)).toEqual([jobId('narration', 'd'.repeat(32), 'my lesson'), jobId('shot', 'b'.repeat(32), 'my lesson'), jobId('shot', 'a'.repeat(32), 'my lesson')]);
    expect(children.every((c) => !c.id.includes(':'))).toBe(true);
    const none = lessonFlow(plan, base, () => true);
    expect(none.children).toEqual([]);
  });

  it('the scheduler runs the lowest priority first, then the first added', async () => {
    const s = new JobScheduler<string>(1);
    const order: string[] = [];
    const job = (name: string) => async () => { order.push(name); await new Promise((r) => setTimeout(r, 5)); return name; };
    await Promise.all([s.add(PRIORITY.shot, job('shot1')), s.add(PRIORITY.shot, job('shot2')), s.add(PRIORITY.mux, job('mux')), s.add(PRIORITY.speech, job('speech'))]);
    // The first job starts before the others are added; then mux, speech, and the shot added first.
    expect(order).toEqual(['shot1', 'mux', 'speech', 'shot2']);
  });

  it('default --jobs: one per core as far as memory goes, at least one', () => {
    expect(defaultJobs(2, 20 * 2 ** 30)).toBe(2);
    expect(defaultJobs(16, 2 * 2 ** 30)).toBe(2);
    expect(defaultJobs(1, 64 * 2 ** 30)).toBe(1);
    expect(defaultJobs(4, 0)).toBe(1);
  });
});

describe('the simulation', () => {
  it('follows the scheduler: speech, plan, narration before shots, the longest shot first, the mux last', () => {
    const lesson = { speech: 10, plan: 0, narration: 5, shots: [10, 10, 10], mux: 2 };
    // 2 workers: speech 0–10; narration 10–15 and a shot 10–20; shots 15–25 and 20–30; mux 30–32.
    expect(simulateSchedule([lesson], 2).makespan).toBe(32);
    expect(simulateSchedule([lesson], 1).makespan).toBe(47);
    // The coordinator plans one lesson at a time; the overhead is added to every job.
    expect(simulateSchedule([{ ...lesson, plan: 3 }], 1, 1).makespan).toBe(3 + 47 + 6);
    const many = Array.from({ length: 20 }, () => lesson);
    const one = simulateSchedule(many, 1).makespan, ten = simulateSchedule(many, 10).makespan;
    expect(one).toBe(20 * 47);
    expect(one / ten).toBeGreaterThan(7);
    expect(one / ten).toBeLessThanOrEqual(10);
  });
});

describe('course inputs', () => {
  it('name the files whose bytes differ', async () => {
    const course = await openCourse({ root });
    const before = lessonInputs(course, await readLesson(course, 'mini'));
    expect(Object.keys(before.files)).toEqual(expect.arrayContaining([LESSONCAST_INPUT, 'transcripts/mini.md', 'slides/mini.md', 'lessoncast.config.mjs']));
    writeFileSync(join(root, 'slides', 'mini.md'), '# Mini lesson\n\nAnother slide.\n');
    const after = lessonInputs(course, await readLesson(course, 'mini'));
    expect(differingInputs(before, after)).toEqual(['slides/mini.md']);
    expect(differingInputs(after, after)).toEqual([]);
  });
});
