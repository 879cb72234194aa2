/**
 * What a render must undo when it is cancelled: the children it started (ffmpeg, Chromium) and the
 * temporary paths it writes. The caller cancels through an `AbortSignal` (the CLI aborts it on
 * Ctrl-C or SIGTERM, docs/cli.md); the guard kills the children and removes the paths, and the
 * render's promises reject. The process and its exit code belong to the entry point: nothing here
 * installs a signal handler or exits. The store stays consistent because nothing enters it except
 * by rename of a finished file.
 */
import { rmSync } from 'node:fs';
import { LessoncastError } from '../../errors.ts';

/** Temporary paths and child processes to clean up if the render is cancelled. */
export interface RenderGuard {
  /** Registers a temporary path; returns its unregister function. */
  track(path: string): () => void;
  /** Registers a kill function for a child (ffmpeg, Chromium); returns its unregister function. */
  child(kill: () => void | Promise<void>): () => void;
  /** True once cancelled: start no new work (no retry, no new child). */
  stopping(): boolean;
  /** Resolves once a cancel has killed every child it knew of (at most KILL_WAIT_MS). */
  settled(): Promise<void>;
}

/** Children get this long to die after a cancel; a hung browser is not waited for. */
const KILL_WAIT_MS = 1500;

/** The error a cancelled render rejects with: the entry point turns it into exit 130 (SIGINT) or 143 (SIGTERM). */
export class RenderCancelled extends LessoncastError {
  /** Jobs dropped before they started (a queue's: removed from Redis); -1 when the queue did not answer. */
  dropped = 0;

  constructor(readonly reason: unknown) {
    super('INTERRUPTED', `cancelled${typeof reason === 'string' ? ` (${reason})` : ''}: finished scenes stay in the store`, 'Run the same command again to resume from the store.');
  }
}

/** A guard that acts when `signal` aborts (never, without a signal). */
export function renderGuard(signal?: AbortSignal): RenderGuard {
  const paths = new Set<string>();
  const kills = new Set<() => void | Promise<void>>();
  let done: Promise<void> = Promise.resolve();
  const killAll = () => Promise.all([...kills].map((k) => Promise.resolve().then(k).catch((err: unknown) => {
    // A child that is already gone cannot be killed again: nothing to report.
    void err;
  })));
  const onAbort = () => {
    done = Promise.race([killAll(), new Promise((r) => setTimeout(r, KILL_WAIT_MS).unref())]).then(() => {
      for (const p of paths) rmSync(p, { recursive: true, force: true });
    });
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    track(p) { paths.add(p); return () => paths.delete(p); },
    child(k) {
      // A child started after the cancel must not outlive it.
      if (signal?.aborted) void Promise.resolve().then(k).catch(() => { /* already gone */ });
      kills.add(k);
      return () => kills.delete(k);
    },
    stopping: () => !!signal?.aborted,
    settled: () => done,
  };
}

