/** Human voice-over clips: `recordings/<slug>/voice/<paragraph-id>.<ext>` replaces that paragraph's synthetic voice. */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { insideCourse } from '../adapters/inside-course.ts';
import type { Course } from '../course.ts';

/** Audio formats accepted for voice-over, in order of preference when a paragraph has several. */
export const VOICE_OVER_EXTENSIONS = ['wav', 'flac', 'm4a', 'mp3', 'ogg'];

/** Folder of a lesson's voice-over clips. */
export function voiceOverDir(course: Course, slug: string): string {
  return join(course.recordingsDir, slug, 'voice');
}

/** A clip on disk and the paragraph id its name gives. */
export interface VoiceOverClip {
  id: string;
  file: string;
  size: number;
  mtimeMs: number;
}

/** The lesson's clips by paragraph id (one per id: the preferred format wins); clips outside the course are left out. */
export function findVoiceOvers(course: Course, slug: string): Map<string, VoiceOverClip> {
  return voiceOverFiles(course, slug).clips;
}

/** The lesson's clips, and the clip files that resolve outside the course (never used: lint reports them). */
export function voiceOverFiles(course: Course, slug: string): { clips: Map<string, VoiceOverClip>; outside: string[] } {
  const dir = voiceOverDir(course, slug);
  const clips = new Map<string, VoiceOverClip>();
  const outside: string[] = [];
  let names: string[];
  try { names = readdirSync(dir); } catch { return { clips, outside }; }
  const rank = (f: string) => VOICE_OVER_EXTENSIONS.indexOf(extname(f).slice(1).toLowerCase());
  for (const name of names.sort()) {
    const ext = extname(name).slice(1).toLowerCase();
    if (!VOICE_OVER_EXTENSIONS.includes(ext) || name.startsWith('.')) continue;
    const file = join(dir, name);
    // A symlinked clip (or voice/ folder) that leaves the course is not mixed into the build.
    if (insideCourse(course.root, file).status === 'outside') { outside.push(file); continue; }
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    const id = name.slice(0, -(ext.length + 1));
    const prev = clips.get(id);
    if (prev && rank(prev.file) <= rank(file)) continue;
    clips.set(id, { id, file, size: st.size, mtimeMs: st.mtimeMs });
  }
  return { clips, outside };
}
