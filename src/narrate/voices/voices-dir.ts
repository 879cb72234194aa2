/** Where installed voices live: the user's cache folder (XDG), one folder per voice. docs/narration.md, "Voices". */
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `$LESSONCAST_VOICES_DIR`, else `$XDG_CACHE_HOME/lessoncast/voices`, else `~/.cache/lessoncast/voices`.
 * Voices are large (60–100 MB) and shared by every course of the user, so they sit outside any course.
 */
export function voicesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LESSONCAST_VOICES_DIR?.trim()) return env.LESSONCAST_VOICES_DIR.trim();
  return join(userVoicesDir(env));
}

/** The XDG location alone (without the LESSONCAST_VOICES_DIR override). */
export function userVoicesDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.cache');
  return join(cache, 'lessoncast', 'voices');
}
