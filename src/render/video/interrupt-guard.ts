/**
 * Ctrl-C during a render: kill the children, remove temporary files, exit 130. The cache stays
 * consistent because nothing enters it except by rename of a finished file.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Temporary paths and child processes to clean up if the render stops. */
export interface RenderGuard {
  /** Registers a temporary path; returns its unregister function. */
  track(path: string): () => void;
  /** Registers a kill function for a child (ffmpeg, Chromium); returns its unregister function. */
  child(kill: () => void | Promise<void>): () => void;
  /** A folder where any `*.tmp-<pid>*` of ours is removed on exit, whoever wrote it last. */
  sweep(dir: string): void;
  /** True once Ctrl-C came: start no new work (no retry, no new child). */
  stopping(): boolean;
  /** Removes the signal handlers. */
  dispose(): void;
}

/** Installs SIGINT/SIGTERM handlers for the duration of a render. */
export function guardInterrupt(): RenderGuard {
  const paths = new Set<string>();
  const kills = new Set<() => void | Promise<void>>();
  const dirs = new Set<string>();
  const sweepAll = () => {
    for (const d of dirs) if (existsSync(d)) for (const f of readdirSync(d)) if (f.includes(`.tmp-${process.pid}`)) rmSync(join(d, f), { force: true });
  };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nlessoncast: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; cleaning up (finished scenes stay cached)\n`);
    const pending = [...kills].map((k) => Promise.resolve().then(k).catch(() => {}));
    for (const p of paths) rmSync(p, { recursive: true, force: true });
    // Children get a moment to die; we do not wait on a hung browser.
    void Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 1500))]).then(() => {
      // Work started meanwhile (the render loop runs until we exit) is killed and removed too.
      for (const k of kills) void Promise.resolve().then(k).catch(() => {});
      for (const p of paths) rmSync(p, { recursive: true, force: true });
      // A child killed while opening its output can leave a file we never saw: sweep by name.
      setTimeout(() => { sweepAll(); process.exit(signal === 'SIGINT' ? 130 : 143); }, 100);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    track(p) { paths.add(p); return () => paths.delete(p); },
    child(k) {
      // A child started after Ctrl-C must not outlive us.
      if (stopping) void Promise.resolve().then(k).catch(() => {});
      kills.add(k);
      return () => kills.delete(k);
    },
    sweep(d) { dirs.add(d); },
    stopping: () => stopping,
    dispose() { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); },
  };
}
