/**
 * The documented limits of what lessoncast reads (docs/limits.md). Past a limit the input is a
 * clear diagnostic, never a crash, a hang or unbounded memory. Tests lower them through the
 * functions' options instead of making huge files.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** The limits in force. */
export const LIMITS = {
  /** A lesson script (`transcripts/<slug>.md`): over it, `over-limit` and nothing is parsed. */
  scriptBytes: 4 * MiB,
  /** Steps of one lesson (narration paragraphs, commands, directions, popups, code blocks): the rest is left out. */
  lessonSteps: 10_000,
  /**
   * Levels of nesting in markdown (quotes and list items inside each other; emphasis, links and
   * strikethrough inside each other) and in frontmatter YAML (collections inside each other):
   * deeper levels are read as text, with a `nesting-too-deep` error.
   */
  nestingDepth: 32,
  /**
   * Code blocks of one script recovered from a missing closing fence (each ends at its first blank
   * line and the script is read again from there); past it a block runs as marked reads it.
   */
  fenceRecoveries: 16,
  /** One recording (`recordings/<slug>/*.cast`), read as a stream: over it, `invalid-recording`. */
  castBytes: 64 * MiB,
  /** Events of one recording: over it, `invalid-recording` at the first event past the limit. */
  castEvents: 1_000_000,
  /** One line (one event) of an asciicast v2/v3 file, in characters. */
  castLineChars: 1 * MiB,
  /** A slides file (`slides/<slug>.md`). */
  slidesBytes: 4 * MiB,
  /** A file opened with `code <path>`: larger ones show "File too large to show" in the editor. */
  editorFileBytes: 256 * KiB,
  /** Lines of a file or code block the editor highlights (the rest is not shown). */
  editorFileLines: 2000,
  /** Misspelled words of one lesson that get the dictionary's full (slow) suggestion search; later ones get the quick one-edit suggestions. */
  spellingSearches: 3,
  /** A file opened with `code <path>` that the lesson page shows in full. */
  siteFileBytes: 64 * KiB,
} as const;

/** 52428800 → "50.0 MB" (MiB, as `ls -lh` counts). */
export function formatBytes(bytes: number): string {
  if (bytes < MiB) return `${Math.ceil(bytes / KiB)} KB`;
  return `${(bytes / MiB).toFixed(1)} MB`;
}
