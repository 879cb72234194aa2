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

/** Runs `cmd args` and resolves with stdout+stderr (never rejects; `ok` says if it exited 0). */
export function run(cmd: string, args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<{ ok: boolean; out: string; code: number | null; timedOut?: boolean }> {
  return new Promise((resolve) => {
    const timeout = opts.timeoutMs ?? 15_000;
    const child = execFile(cmd, args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = (err as { code?: unknown } | null)?.code;
      // Killed by the timeout: said so, since such a child leaves no output to explain itself.
      const timedOut = !!(err as { killed?: boolean } | null)?.killed;
      resolve({ ok: !err, out: `${stdout ?? ''}${stderr ?? ''}${timedOut ? `\n(stopped after ${Math.round(timeout / 1000)} s)` : ''}`, code: err ? (typeof code === 'number' ? code : 1) : 0, ...(timedOut ? { timedOut } : {}) });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
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
