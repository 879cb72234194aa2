/**
 * Work folders of a running process, and removing those of processes that are gone. A build that
 * was killed (SIGKILL, a crash, a machine that lost power) cannot clean up after itself: every name
 * it leaves carries its host and pid, and the next run on that host removes what belongs to pids
 * that no longer run. Names of other hosts (a shared cache) are never touched here.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** This host's name as it appears in work names (no separators). */
export function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9_.]/g, '_') || 'host';
}

/** `<host>-<pid>`: what marks a name as this process's. */
export function processTag(pid = process.pid): string {
  return `${hostTag()}-${pid}`;
}

/** True while `pid` runs on this host (EPERM: it runs as another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The pid in a name made by `processTag` (after `prefix`), when that name is of this host; null
 * for other hosts' names and for names that are not work names at all.
 */
export function pidOfWorkName(name: string, prefix = ''): number | null {
  if (!name.startsWith(prefix)) return null;
  const rest = name.slice(prefix.length);
  const host = hostTag();
  if (!rest.startsWith(`${host}-`)) return null;
  const m = /^(\d+)(?:$|[-.])/.exec(rest.slice(host.length + 1));
  return m ? Number(m[1]) : null;
}

const ours = new Set<string>();

/** A work folder of this process under `root/work/`, created on demand; removed when the process exits. */
export function workDir(root: string, ...sub: string[]): string {
  const base = join(root, 'work', processTag());
  if (!ours.has(base)) {
    if (ours.size === 0) process.once('exit', () => { for (const d of ours) rmSync(d, { recursive: true, force: true }); });
    ours.add(base);
  }
  const dir = join(base, ...sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes this process's work folder under `root` when nothing but empty folders is left in it. */
export function releaseWorkDir(root: string): void {
  const base = join(root, 'work', processTag());
  const prune = (dir: string): boolean => {
    let names: string[];
    try { names = readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() && prune(join(dir, d.name)) ? '' : d.name)).filter(Boolean); } catch { return false; }
    if (names.length) return false;
    rmSync(dir, { recursive: true, force: true });
    return true;
  };
  prune(base);
}

/** Removes the entries of `dir` named `<prefix><host>-<pid>…` whose pid is gone; returns what it removed. */
export function sweepDeadNames(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const pid = pidOfWorkName(name, prefix);
    if (pid === null || processAlive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

/** Work folders of dead processes of this host under `root/work/`. */
export function sweepDeadWork(root: string): string[] {
  return sweepDeadNames(join(root, 'work'));
}

/**
 * Temporary files that `writeFileAtomic` (`<file>.tmp-<pid>-<n>`) and older code (`.tmp-<pid>`)
 * leave in an output folder when killed between write and rename: those of dead pids go. Output
 * folders are local to a machine, so the pid alone names the process.
 */
export function sweepDeadTemps(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = /\.tmp-(\d+)(?:-\d+)?$/.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}
