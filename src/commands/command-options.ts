/**
 * What the entry point (src/cli.ts) hands each command: its options, as commander parsed them, and
 * the context of the process it runs in. Kept apart from cli.ts so that commands import the types
 * without importing the command line (imports run one way: cli → commands).
 */
import type { Command } from 'commander';

/** Options every command accepts (global flags). */
export interface GlobalOptions { quiet?: boolean; /** false with --no-color */ color?: boolean }

/** Options every command that reads a course accepts. */
export interface CourseOptions extends GlobalOptions { root?: string; out?: string }

/** Options of `lessoncast build`. */
export interface BuildOptions extends CourseOptions {
  deck?: boolean; video?: boolean; site?: boolean; pdf?: boolean;
  /** With the video: each scene as a video of its own (build/<slug>/clips/). */
  clips?: boolean;
  fps?: number; capture?: 'changes' | 'every-frame'; progress?: boolean;
  strict?: boolean; watch?: boolean;
  /** Pages capturing at once (`--jobs N`). */
  jobs?: number;
  /** Redis URL of the render queue: the jobs go to workers. */
  queue?: string;
  /** The store's folder (shared by the machines of a queue). */
  cache?: string;
}

/** Options of `lessoncast worker`. */
export interface WorkerCommandOptions extends CourseOptions { queue?: string; concurrency?: number; cache?: string; lockTimeout?: number }

/**
 * The process as a command sees it. The entry point owns the signals: the first Ctrl-C or SIGTERM
 * aborts `signal` (stop: finish or cancel what runs, return), a second one aborts `kill` (stop now)
 * and the entry point exits soon after (docs/cli.md, "Exit codes").
 */
export interface CommandContext {
  signal: AbortSignal;
  kill: AbortSignal;
  /** The command line itself (`completion` prints a script made from it). */
  program?: Command;
}

/** Resolves when `signal` aborts (at once if it has). */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
