/**
 * Every store key a lesson uses now, from the same places the build takes them: its speech
 * (narrationKeys), its highlighted code (editorHighlightKeys) and its video plan, made from the
 * lesson's one list of inputs (lesson-inputs.ts). `lessoncast clean` keeps these and drops the rest.
 */
import type { Course } from '../../course.ts';
import { isExpectedError } from '../../errors.ts';
import { lessonInputs } from '../../lesson-inputs.ts';
import { keyId } from '../../store/store.ts';
import type { Lesson } from '../../types.ts';
import { planVideo } from './plan-video.ts';
import { videoInputs } from './video-inputs.ts';

/** Every store key (`kind/hash`) the lesson uses now; `planned: false` when its speech is not all in the store (its video cannot be planned). */
export async function lessonKeys(course: Course, lesson: Lesson): Promise<{ keys: Set<string>; planned: boolean }> {
  const [{ narrationKeys }, { editorHighlightKeys }] = await Promise.all([import('../../narrate/narrate-lesson.ts'), import('../../stage/editor-files.ts')]);
  const keys = new Set<string>([...narrationKeys(course, lesson), ...await editorHighlightKeys(course, lesson)].map(keyId));
  try {
    const plan = planVideo(await videoInputs(course, lesson, { synthesize: false, inputs: lessonInputs(course, lesson) }));
    for (const s of plan.shots) keys.add(keyId(s.key));
    keys.add(keyId(plan.narration.key));
    keys.add(keyId(plan.output.key));
    return { keys, planned: true };
  } catch (err) {
    if (isExpectedError(err) && err.code === 'SPEECH_NOT_CACHED') return { keys, planned: false };
    throw err;
  }
}
