/**
 * Installed voices: a folder per voice in voicesDir() holding the model, its config and
 * `voice.json`, written last by `voices add` (a folder without it is an interrupted install and is
 * never used). A voice is checked against its recorded sha256 before its first use in a process.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LessoncastError } from '../../errors.ts';
import { voicesDir } from './voices-dir.ts';

/** What `voice.json` says about an installed voice. */
export interface VoiceManifest {
  name: string;
  engine: 'piper';
  /** File names inside the voice's folder. */
  model: string;
  config: string;
  sha256: string;
  size: number;
  configSha256: string;
  /** Where it came from: a URL, a file, a folder or a wheel. */
  source: string;
  /** True when the sha256 was checked against a published one (the catalogue's, a wheel's RECORD, --sha256). */
  verified: boolean;
  sampleRate: number;
  language?: string;
  installedAt: string;
}

/** An installed voice: its manifest and absolute file paths. */
export interface InstalledVoice extends VoiceManifest { dir: string; modelFile: string; configFile: string }

/** The manifest's file name. */
export const MANIFEST = 'voice.json';

/** Voice names become folder names: letters, digits, `_`, `-`, `.` only. */
export function checkVoiceFolderName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(name) || name.includes('..'))
    throw new LessoncastError('VOICE_NAME_INVALID', `"${name}" is not a voice name.`, 'Voice names are letters, digits, _ - and . (such as en_US-joe-medium); `lessoncast voices list` shows them.');
  return name;
}

function readManifest(dir: string): VoiceManifest | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as VoiceManifest;
    return typeof m.sha256 === 'string' && typeof m.model === 'string' && typeof m.config === 'string' ? m : null;
  } catch {
    // No manifest (an install that did not finish) or an unreadable one: not a voice.
    return null;
  }
}

/** Every installed voice, by name. */
export function listInstalledVoices(dir = voicesDir()): InstalledVoice[] {
  let names: string[];
  try { names = readdirSync(dir).filter((n) => !n.startsWith('.')).sort(); } catch { return []; }
  const out: InstalledVoice[] = [];
  for (const name of names) {
    const v = installedVoice(name, dir);
    if (v) out.push(v);
  }
  return out;
}

/** The installed voice `name`, or null (not installed, or its install did not finish). Reads only small files. */
export function installedVoice(name: string, dir = voicesDir()): InstalledVoice | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) || name.includes('..')) return null;
  const folder = join(dir, name);
  const m = readManifest(folder);
  if (!m) return null;
  const modelFile = join(folder, m.model);
  const configFile = join(folder, m.config);
  if (!existsSync(modelFile) || !existsSync(configFile)) return null;
  return { ...m, dir: folder, modelFile, configFile };
}

/** sha256 (hex) of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const checked = new Map<string, Promise<void>>();

/**
 * Throws VOICE_CORRUPT unless the voice's files are the ones installed (size and sha256 of the
 * model and its config): a model changed or cut short on disk is never used. Once per process.
 */
export function verifyInstalledVoice(v: InstalledVoice): Promise<void> {
  const id = `${v.modelFile}:${v.sha256}`;
  let p = checked.get(id);
  if (!p) {
    p = (async () => {
      const size = statSync(v.modelFile).size;
      const [sha, configSha] = size === v.size ? await Promise.all([sha256File(v.modelFile), sha256File(v.configFile)]) : ['', ''];
      if (size !== v.size || sha !== v.sha256 || configSha !== v.configSha256)
        throw new LessoncastError('VOICE_CORRUPT', `The voice ${v.name} in ${v.dir} is damaged (its files differ from what was installed).`,
          `Install it again: lessoncast voices add ${v.name} (or remove it: lessoncast voices remove ${v.name}).`);
    })();
    p.catch(() => checked.delete(id));
    checked.set(id, p);
  }
  return p;
}

/** Removes an installed voice (or the leftovers of an unfinished install of it); false when there was nothing. */
export function removeVoice(name: string, dir = voicesDir()): boolean {
  checkVoiceFolderName(name);
  const folder = join(dir, name);
  if (!existsSync(folder)) return false;
  // Renamed away first, so a concurrent build never sees half a folder.
  const trash = join(dir, `.removing-${name}-${process.pid}`);
  renameSync(folder, trash);
  rmSync(trash, { recursive: true, force: true });
  return true;
}
