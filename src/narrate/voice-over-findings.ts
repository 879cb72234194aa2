/**
 * `voice-over-unmatched`: a voice-over clip whose name is no paragraph id (its paragraph was
 * edited): it is not used. `voice-over-stale`: a clip whose paragraph's words changed since it was
 * recorded (voice-over-bind.ts): it is used, and says the old words. Found here, where the clips are matched, and reported by both the
 * narration (the build's findings) and lint (src/lint/rules/voice-over-rule.ts): one implementation.
 */
import { basename, extname, relative } from 'node:path';
import { closest } from 'fastest-levenshtein';
import type { Diagnostic, Lesson } from '../types.ts';
import { lessonNarration } from '../types.ts';
import type { VoiceOverClip } from './voice-over.ts';
import { bindingState } from './voice-over-bind.ts';

/** A warning at each clip that names no paragraph, with the nearest paragraph id to rename it to. */
export function voiceOverFindings(lesson: Lesson, clips: Map<string, VoiceOverClip>, root: string, clipDir: string): Diagnostic[] {
  const narration = lessonNarration(lesson);
  const ids = new Set(narration.map((n) => n.id));
  const out: Diagnostic[] = [];
  for (const clip of clips.values()) {
    if (ids.has(clip.id)) {
      const para = narration.find((n) => n.id === clip.id)!;
      const b = bindingState(clip, para.plain);
      if (b.state === 'stale')
        out.push({
          code: 'voice-over-stale', severity: 'warning', file: para.pos.file, line: para.pos.line, column: para.pos.column ?? 1,
          message: `voice-over clip ${relative(root, clip.file) || clip.file} was recorded for other words than paragraph ${clip.id} now has (${b.change}); the video says the old words`,
          hint: `record the paragraph again (\`lessoncast voice ${lesson.slug}\` prints its text), or keep the clip as it is: lessoncast voice ${lesson.slug} --accept ${clip.id}`,
        });
      continue;
    }
    const near = ids.size ? closest(clip.id, [...ids]) : undefined;
    const para = narration.find((n) => n.id === near);
    out.push({
      code: 'voice-over-unmatched', severity: 'warning', file: relative(root, clip.file) || clip.file, line: 1, column: 1,
      message: `voice-over clip ${basename(clip.file)} names no paragraph of ${lesson.slug}; it is not used`,
      hint: near
        ? `the nearest paragraph is ${near} (${para!.pos.file}:${para!.pos.line}): rename the clip to ${near}${extname(clip.file)} if it reads that paragraph; \`lessoncast voice ${lesson.slug}\` lists the ids; clips live in ${relative(root, clipDir)}`
        : `${lesson.slug} has no narration paragraphs`,
    });
  }
  return out;
}
