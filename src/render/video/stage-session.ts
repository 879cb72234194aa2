/**
 * One lesson's stage in a browser: the stage page written once into the work folder, one page
 * opened on it and reused for every shot (reopened only after a failure, with a fresh browser when
 * the old one died). The browser may be lent by the caller (several lessons in one process), and
 * then it is left open.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type BrowserSession } from '../../adapters/browser.ts';
import type { LessonCast } from '../../casts/types.ts';
import type { Course } from '../../course.ts';
import type { Timeline } from '../../schedule/types.ts';
import type { Lesson } from '../../types.ts';
import type { RenderGuard } from './interrupt-guard.ts';
import { openStage, type StageDriver } from './stage-driver.ts';

/** Writes a stage page into `dir`; returns its file and the times (s) its picture may change at. */
export type StagePageWriter = (dir: string, input: { course: Course; lesson: Lesson; casts: LessonCast[]; timeline: Timeline }) => Promise<{ file: string; changes?: number[] }>;

/**
 * One page is all a video browser needs: one renderer process keeps Chromium's memory down. No frame
 * rate limit and no vsync: a screenshot then waits for no display tick (measured: ~30 ms less per
 * capture at any size, docs/scale.md); every frame is still drawn from the state `seek` set.
 */
export const VIDEO_BROWSER_ARGS = ['--renderer-process-limit=1', '--disable-frame-rate-limit', '--disable-gpu-vsync'];

export interface StageSessionOptions {
  course: Course;
  lesson: Lesson;
  casts: LessonCast[];
  timeline: Timeline;
  /** Device scale factor: the stage drawn at the video's size. */
  scale: number;
  /** This render's work folder (the page is written into `stage/` there). */
  work: string;
  guard: RenderGuard;
  stagePage?: StagePageWriter;
  /** A browser to use (not closed by the session). */
  browser?: BrowserSession;
}

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

/** Writes the stage page and starts (or borrows) the browser, both at once. */
export async function openStageSession(o: StageSessionOptions): Promise<StageSession> {
  const live: { session: BrowserSession | null; own: boolean; stage: StageDriver | null; unchild: () => void } = { session: null, own: false, stage: null, unchild: () => {} };
  const adopt = (session: BrowserSession, own: boolean) => {
    live.session = session;
    live.own = own;
    live.unchild = own ? o.guard.child(async () => { session.browser.process()?.kill('SIGKILL'); await session.close(); }) : () => {};
  };
  const launch = () => launchBrowser({ configured: o.course.config.browser, extraArgs: VIDEO_BROWSER_ARGS });
  const closeBrowser = async () => {
    await live.stage?.close().catch(() => {});
    live.stage = null;
    if (live.session && live.own) await live.session.close().catch(() => {});
    live.session = null;
    live.unchild();
  };
  const stageDir = join(o.work, 'stage');
  mkdirSync(stageDir, { recursive: true });
  const [written, launched] = await Promise.allSettled([
    (o.stagePage ?? videoStageWriter)(stageDir, { course: o.course, lesson: o.lesson, casts: o.casts, timeline: o.timeline }),
    o.browser?.browser.connected ? Promise.resolve(o.browser) : launch(),
  ]);
  if (launched.status === 'fulfilled') adopt(launched.value, launched.value !== o.browser);
  if (written.status === 'rejected') { await closeBrowser(); throw written.reason; }
  if (launched.status === 'rejected') throw launched.reason;
  const { file, changes = [] } = written.value;
  return {
    changes: changes.map((t) => Math.round(t * 1000)),
    async driver() {
      if (o.guard.stopping()) throw new Error('interrupted');
      if (live.stage && live.session?.browser.connected) return live.stage;
      if (!live.session?.browser.connected) {
        // The browser died (or was never ours to keep): a fresh one of our own.
        await closeBrowser();
        adopt(await launch(), true);
      }
      live.stage = await openStage(live.session!.browser, file, { scale: o.scale });
      return live.stage;
    },
    async reset() {
      await live.stage?.close().catch(() => {});
      live.stage = null;
    },
    close: closeBrowser,
  };
}
