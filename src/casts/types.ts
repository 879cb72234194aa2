/** Terminal recordings (asciicast v1/v2/v3 read, v2 written), as plain data. */

/** One event. `time` is absolute seconds from the start of the cast (v3's relative times are summed). */
export interface CastEvent {
  time: number;
  /** 'o' output, 'i' input, 'm' marker, 'r' resize ("COLSxROWS"), 'x' exit; other codes are kept. */
  code: string;
  data: string;
}

/** A cast in memory, whatever version it was read from. */
export interface Cast {
  /** Version of the file it was read from (written casts are v2). */
  version: 1 | 2 | 3;
  cols: number;
  rows: number;
  title?: string;
  /** The command that was recorded (header `command`). */
  command?: string;
  env?: Record<string, string>;
  idleTimeLimit?: number;
  timestamp?: number;
  theme?: { fg?: string; bg?: string; palette?: string };
  events: CastEvent[];
  /** Time of the last event (after idle capping, when capped). */
  duration: number;
}

/** The cast that plays for one command of a lesson. */
export interface LessonCast {
  /** `Command.id` from the IR. */
  commandId: string;
  source: 'recorded' | 'synthesized';
  /** Recording file, relative to the course root, when recorded. */
  file?: string;
  /** What the recording held (docs/casts.md): a whole session, a command's output only, or prompt + command + output. */
  kind?: 'session' | 'command-only' | 'full';
  /** True when `cast.theme` is the recording's own (else it is the lesson's theme). */
  themeFromRecording?: boolean;
  cast: Cast;
  /**
   * Seconds from the cast start at which typing ends (Enter pressed). Always set for synthesized
   * casts and for casts `lessoncast record` wrote; for other recordings, the time of an `i` Enter event if any.
   */
  typedAt?: number;
  /**
   * True when a `clear` direction (clear, cmd+k, ctrl+l) came since the previous command. The cast
   * itself does not clear: the stage clears the terminal at the direction.
   */
  clearBefore?: boolean;
  /** Exit status of the recorded command (the cast's `x` event), when known. */
  exitCode?: number;
}
