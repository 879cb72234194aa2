/**
 * Lesson plans made in this process, by lesson, inputs and video options: the orchestrator puts its
 * plan here and a local runner's jobs take it from here, so a lesson is planned once per process
 * (a worker fills its own from the course files).
 */
import type { Lesson } from '../../types.ts';
import type { VideoInputs } from '../video/video-inputs.ts';
import type { VideoPlan } from '../video/plan-video.ts';
import type { JobBase } from './render-jobs.ts';

/** A lesson with its video inputs and plan. */
export interface PlannedLesson { lesson: Lesson; inputs: VideoInputs; plan: VideoPlan }

/** Plans by `planCacheId`. */
export type PlanCache = Map<string, Promise<PlannedLesson>>;

/** The id of a job's plan: its lesson, the digest of the course files it was made from, the video options, the scenes it covers. */
export function planCacheId(job: Pick<JobBase, 'slug' | 'inputs' | 'video' | 'scenes'>): string {
  return `${job.slug}|${job.inputs.hash}|${job.video.fps ?? ''}|${job.video.capture}|${job.scenes ?? 'all'}`;
}
