/**
 * Temporary folders of a tool run (festival's script holds the narration text): named
 * `<prefix><pid>-XXXXXX` in the system temp folder, removed when the run ends however it ends — a
 * return, a throw, or the process exiting (`process.exit` after Ctrl-C or SIGTERM). A process killed
 * outright (SIGKILL, a crash) cannot remove its own: the next process that makes one sweeps the
 * folders of pids that no longer run (docs/narration.md).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../store/work-dir.ts';

const live = new Set<string>();
const swept = new Set<string>();
let hooked = false;

/** Folders of older versions had no pid in their name: those older than this are someone's leftovers. */
const UNOWNED_AGE_MS = 24 * 3600 * 1000;

/** Removes `<prefix><pid>-*` folders of dead pids (and unowned ones a day old) from `dir`; returns what it removed. */
export function sweepDeadTempDirs(prefix: string, dir = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try { names = readdirSync(dir); } catch { return removed; }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-/.exec(name.slice(prefix.length));
    const path = join(dir, name);
    if (m ? processAlive(Number(m[1])) : Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) < UNOWNED_AGE_MS) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/** A new temporary folder of this process; `remove()` when done (it goes at exit anyway). */
export function processTempDir(prefix: string): { dir: string; remove(): void } {
  if (!swept.has(prefix)) { swept.add(prefix); sweepDeadTempDirs(prefix); }
  if (!hooked) {
    hooked = true;
    process.once('exit', () => { for (const d of live) rmSync(d, { recursive: true, force: true }); });
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
  live.add(dir);
  return { dir, remove() { live.delete(dir); rmSync(dir, { recursive: true, force: true }); } };
}
