/** Silences and holds of the schedule, in seconds: defaults, overridden by course config and options. */
import type { LessoncastConfig } from '../config.ts';
import { LessoncastError } from '../errors.ts';

/** Every pause the schedule inserts. The first four are also course config keys (`pauses:`). */
export interface Pauses {
  /** Between two narration paragraphs. */
  paragraph: number;
  /** After narration, before a terminal block's first step. */
  beforeTerminal: number;
  /** After a terminal block's last step (time to read the output). */
  afterTerminal: number;
  /** A slide scene stays this long after its last narration. */
  slideEnd: number;
  /** Before the first cue of the video. */
  leadIn: number;
  /** After the last cue of the video. */
  tail: number;
  /** Between two steps of one terminal block. */
  betweenSteps: number;
  /** The least time a popup stays up; its scene waits for it (docs/timeline.md, "Pacing"). */
  popup: number;
  /** Reading time per word of a popup: a longer popup stays `popupPerWord` × its words when that is more than `popup`. */
  popupPerWord: number;
  /** Hold after `code <path>` so the viewer sees the file. */
  openFile: number;
  /** Hold after a focus change. */
  focusTerminal: number;
  /** Hold after clearing the terminal. */
  clear: number;
  /** Hold after a code block appears in the editor. */
  code: number;
}

/** Defaults chosen by watching the seed videos: enough to read output, not enough to drag. */
export const DEFAULT_PAUSES: Pauses = {
  paragraph: 0.6,
  beforeTerminal: 0.4,
  afterTerminal: 1.2,
  slideEnd: 1.0,
  leadIn: 0.5,
  tail: 1.0,
  betweenSteps: 0.5,
  popup: 4.0,
  popupPerWord: 0.4,
  openFile: 2.5,
  focusTerminal: 0.4,
  clear: 0.3,
  code: 2.0,
};

/**
 * Where `pace: natural` (the default) pauses otherwise: a person leaves about half a second between
 * paragraphs (festival's clips already hold ~0.3 s of silence at their edges, so 0.3 here is ~0.6 s
 * heard) and starts talking about a command's output as it appears, reading it while speaking.
 */
export const NATURAL_PAUSES: Partial<Pauses> = {
  paragraph: 0.3,
  afterTerminal: 0.6,
};

/** Defaults (of the pace) < course config < explicit options; negative or non-finite values are refused. */
export function resolvePauses(config?: LessoncastConfig['pauses'], override?: Partial<Pauses>, pace?: string): Pauses {
  const base = pace === 'natural' ? { ...DEFAULT_PAUSES, ...NATURAL_PAUSES } : DEFAULT_PAUSES;
  const merged: Pauses = { ...base, ...stripUndefined(config ?? {}), ...stripUndefined(override ?? {}) };
  for (const [k, v] of Object.entries(merged))
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new LessoncastError('CONFIG_INVALID', `lessoncast.config.ts: pauses.${k} must be a number of seconds >= 0, got ${JSON.stringify(v)}.`,
        `Set pauses.${k} to a number such as ${DEFAULT_PAUSES[k as keyof Pauses] ?? 1}, or remove it to use the default.`);
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
