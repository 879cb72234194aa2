/** Opens a URL in the desktop browser when there is a desktop (`dev --open`); never fails. */
import { spawn } from 'node:child_process';
import { which } from './tools.ts';
import { ignoreError } from '../errors.ts';

/** The opener command and its arguments for this platform, or null where there is no desktop. */
export function openCommand(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] | null {
  if (platform === 'darwin') return ['open', url];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""', url];
  return env.DISPLAY || env.WAYLAND_DISPLAY ? ['xdg-open', url] : null;
}

/** Starts the opener detached; returns false (and the caller prints the URL) when there is none. */
export function openUrl(url: string): boolean {
  const cmd = openCommand(url);
  if (!cmd || !which(cmd[0])) return false;
  try {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: 'ignore', detached: true });
    child.on('error', ignoreError('no desktop opener: the URL is printed for the author to open'));
    child.unref();
    return true;
  } catch {
    // The opener could not start: the caller prints the URL instead.
    return false;
  }
}
