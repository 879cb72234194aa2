/** Finding external tools on PATH and reading their versions. */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { LessoncastError } from '../errors.ts';

/** Absolute path of an executable on PATH, or null. */
export function which(name: string): string | null {
  if (name.includes('/')) {
    try { accessSync(name, constants.X_OK); return name; } catch { return null; }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try { accessSync(p, constants.X_OK); return p; } catch { /* next */ }
  }
  return null;
}

/** How a tool run ended: `signal` when it was killed (by us after `timeoutMs`: `timedOut`). */
export interface RunResult { ok: boolean; out: string; code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }

/** Runs `cmd args` and resolves with stdout+stderr (never rejects; `ok` says if it exited 0). */
export function run(cmd: string, args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: unknown; signal?: NodeJS.Signals | null; killed?: boolean }) | null;
      const signal = e?.signal ?? null;
      resolve({ ok: !err, out: `${stdout ?? ''}${stderr ?? ''}`, code: err ? (typeof e?.code === 'number' ? e.code : 1) : 0, signal,
        timedOut: !!e?.killed && signal === 'SIGTERM' && Date.now() - started >= timeoutMs });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Why a tool run failed, in words: `killed by SIGKILL`, `stopped after 30 s`, `exit 1`. */
export function howItEnded(r: RunResult, timeoutMs?: number): string {
  if (r.timedOut) return `stopped after ${Math.round((timeoutMs ?? 15_000) / 1000)} s without finishing`;
  if (r.signal) return `killed by ${r.signal}`;
  return `exit ${r.code}`;
}

/** How to install a Debian package, or what to do elsewhere. */
export function installHint(debPackage: string, other?: string): string {
  return `Debian/Ubuntu: sudo apt-get install -y ${debPackage}` + (other ? `; ${other}` : '') + ' (or run scripts/setup.sh)';
}

/** Path of a required tool, or an environment error that names the package to install. */
export function requireTool(name: string, debPackage: string, other?: string): string {
  const p = which(name);
  if (!p) throw new LessoncastError('TOOL_MISSING', `${name} is not installed (not found on PATH).`, installHint(debPackage, other));
  return p;
}

/** ffmpeg and ffprobe paths (env LESSONCAST_FFMPEG / FFPROBE override). */
export function ffmpegPaths(): { ffmpeg: string; ffprobe: string } {
  const other = 'macOS: brew install ffmpeg';
  return {
    ffmpeg: process.env.LESSONCAST_FFMPEG ?? requireTool('ffmpeg', 'ffmpeg', other),
    ffprobe: process.env.LESSONCAST_FFPROBE ?? requireTool('ffprobe', 'ffmpeg', other),
  };
}
