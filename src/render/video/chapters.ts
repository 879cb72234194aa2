/** Chapters as an ffmetadata file (pure): one chapter per scene, titled like the timeline's scenes. */
import type { Timeline } from '../../schedule/types.ts';

/** ffmetadata escapes `=`, `;`, `#`, `\` and newlines with a backslash. */
export function escapeMetadata(s: string): string {
  return s.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
}

/** The ffmetadata text: lesson title, then a [CHAPTER] per scene in milliseconds. */
export function chaptersMetadata(timeline: Timeline): string {
  const lines = [';FFMETADATA1', `title=${escapeMetadata(timeline.title)}`];
  for (const s of timeline.scenes) {
    const start = Math.round(s.start * 1000), end = Math.round(s.end * 1000);
    if (end <= start) continue;
    lines.push('', '[CHAPTER]', 'TIMEBASE=1/1000', `START=${start}`, `END=${end}`, `title=${escapeMetadata(s.title)}`);
  }
  return lines.join('\n') + '\n';
}
