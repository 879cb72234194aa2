/** The schedule: lesson + speech clip durations + casts → Timeline (pure). */
import type { LessonCast } from '../casts/types.ts';
import type { LessoncastConfig } from '../config.ts';
import type { LessonAudio } from '../narrate/types.ts';
import type { Lesson } from '../types.ts';
import { draftTimeline } from './draft-timeline.ts';
import { finalizeTimeline } from './finalize-timeline.ts';
import { resolvePauses, type Pauses } from './pauses.ts';
import type { Timeline } from './types.ts';

export interface ScheduleOptions {
  /** Pause overrides (seconds); course config `pauses` is merged under these by `timelineFor`. */
  pauses?: Partial<Pauses>;
  /** Course config pauses (paragraph, beforeTerminal, afterTerminal, slideEnd). */
  configPauses?: LessoncastConfig['pauses'];
  /** First heading of each slide of `slides/<slug>.md` (null when a slide has none): chapter titles. */
  slideTitles?: (string | null)[];
  /**
   * Only the first `scenes` scenes, as they will be in the whole lesson's timeline: the schedule of
   * a scene depends on the scenes before it alone, and the last of these holds no tail. Their audio
   * is all the narration needs to give (the orchestrator plans their shots while later scenes are
   * still spoken).
   */
  scenes?: number;
}

/** Every cue of the lesson with its start and end in seconds; throws TIMELINE_INCOMPLETE naming what lacks a duration. */
export function scheduleLesson(lesson: Lesson, audio: LessonAudio, casts: LessonCast[], opts: ScheduleOptions = {}): Timeline {
  const whole = draftTimeline(lesson, audio, casts, opts.slideTitles ?? []);
  const draft = opts.scenes !== undefined && opts.scenes < whole.scenes.length ? { ...whole, scenes: whole.scenes.slice(0, opts.scenes), partial: true } : whole;
  return finalizeTimeline(draft, resolvePauses(opts.configPauses, opts.pauses, draft.pace));
}
