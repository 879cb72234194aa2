/**
 * A lesson's stage as a shot sees it (a page of the stage pool, stage-pool.ts): the stage page
 * written once per process, a page opened on it and reused for the lesson's shots (reopened after a
 * failure, with a fresh browser when the old one died).
 */
import type { LessonCast } from '../../casts/types.ts';
import type { Course } from '../../course.ts';
import type { Timeline } from '../../schedule/types.ts';
import type { Lesson } from '../../types.ts';
import type { StageDriver } from './stage-driver.ts';

/** Writes a stage page into `dir`; returns its file and the times (s) its picture may change at. */
export type StagePageWriter = (dir: string, input: { course: Course; lesson: Lesson; casts: LessonCast[]; timeline: Timeline }) => Promise<{ file: string; changes?: number[] }>;

/**
 * One page is all a video browser needs: one renderer process keeps Chromium's memory down. No frame
 * rate limit and no vsync: a screenshot then waits for no display tick (measured: ~30 ms less per
 * capture at any size, docs/scale.md); every frame is still drawn from the state `seek` set.
 */
export const VIDEO_BROWSER_ARGS = ['--renderer-process-limit=1', '--disable-frame-rate-limit', '--disable-gpu-vsync'];

/** A lesson's stage, ready to seek and capture. */
export interface StageSession {
  /** Times (ms) at which the stage itself says its picture may change (terminal frames). */
  changes: number[];
  /** The page, opened on first use and again after `reset`. */
  driver(): Promise<StageDriver>;
  /** Closes the page after a failure; the next `driver()` opens a fresh one. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The stage's own page in video mode (`writeStagePage`), loaded on first use. */
export const videoStageWriter: StagePageWriter = async (dir, input) => {
  const { writeStagePage } = await import('../../stage/write-stage.ts');
  return writeStagePage(dir, { course: input.course, lesson: input.lesson, casts: input.casts }, { mode: 'video', timeline: input.timeline });
};
