/**
 * A simulation of a course rendered by N workers, from job costs and the scheduler's real order
 * (render-jobs.ts priorities, job-scheduler.ts `runsBefore`): every speech job is added at the
 * start; the coordinator plans a lesson (one at a time) once its speech is done and adds its
 * narration track and shots (the longest first); its mux is added when they are all done. Each
 * worker runs one job at a time, each job costing its measured time plus the queue's overhead per
 * job. The benchmark (`npm run bench:scale`) feeds it what it measured. Pure.
 */
import { runsBefore, type Waiting } from './job-scheduler.ts';
import { PRIORITY, type JobKind } from './render-jobs.ts';

/** What one lesson costs (ms): its speech, its plan on the coordinator, its narration track, each shot, its mux. */
export interface LessonCosts { speech: number; plan: number; narration: number; shots: number[]; mux: number }

/** The simulated run: when the last lesson was joined (ms), and each worker's busy time. */
export interface SimulatedRun { makespan: number; busy: number[] }

interface SimJob extends Waiting { kind: JobKind; lesson: number; cost: number }

/** Simulates `lessons` on `workers` workers with `overhead` ms of queue time per job. */
export function simulateSchedule(lessons: LessonCosts[], workers: number, overhead = 0): SimulatedRun {
  let seq = 0;
  const ready: SimJob[] = [];
  const add = (kind: JobKind, lesson: number, cost: number) => { ready.push({ kind, lesson, cost: cost + overhead, priority: PRIORITY[kind], seq: seq++ }); };
  lessons.forEach((l, i) => add('speech', i, l.speech));
  const left = lessons.map(() => 0);
  let coordinatorFree = 0;
  /** Plans coming due: at `at`, lesson `lesson`'s children are added. */
  const plans: { at: number; lesson: number }[] = [];
  const running: { end: number; worker: number; job: SimJob }[] = [];
  const free = Array.from({ length: workers }, (_, w) => w);
  const busy = Array.from({ length: workers }, () => 0);
  let now = 0, makespan = 0;
  for (;;) {
    ready.sort(runsBefore);
    while (free.length && ready.length) {
      const job = ready.shift()!;
      const worker = free.shift()!;
      running.push({ end: now + job.cost, worker, job });
      busy[worker] += job.cost;
    }
    const nextEnd = running.length ? Math.min(...running.map((r) => r.end)) : Infinity;
    const nextPlan = plans.length ? Math.min(...plans.map((p) => p.at)) : Infinity;
    if (nextEnd === Infinity && nextPlan === Infinity) break;
    now = Math.min(nextEnd, nextPlan);
    // Plans first: a lesson planned at this instant competes with the jobs freed at it.
    for (const p of plans.filter((q) => q.at === now)) {
      plans.splice(plans.indexOf(p), 1);
      const l = lessons[p.lesson];
      add('narration', p.lesson, l.narration);
      for (const c of [...l.shots].sort((a, b) => b - a)) add('shot', p.lesson, c);
      left[p.lesson] = l.shots.length + 1;
    }
    for (const r of running.filter((q) => q.end === now)) {
      running.splice(running.indexOf(r), 1);
      free.push(r.worker);
      const { kind, lesson } = r.job;
      if (kind === 'speech') {
        coordinatorFree = Math.max(coordinatorFree, now) + lessons[lesson].plan;
        plans.push({ at: coordinatorFree, lesson });
      } else if (kind === 'mux') {
        makespan = Math.max(makespan, now);
      } else if (--left[lesson] === 0) {
        add('mux', lesson, lessons[lesson].mux);
      }
    }
    free.sort((a, b) => a - b);
  }
  return { makespan, busy };
}
