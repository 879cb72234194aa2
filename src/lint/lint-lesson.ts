/** `lintLesson`: the parser's diagnostics plus every lint rule (docs/lint.md lists the codes). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Course } from '../course.ts';
import { transcriptPath } from '../course.ts';
import { LIMITS } from '../limits.ts';
import { ignoreErrorAs, isExpectedError } from '../errors.ts';
import type { Diagnostic, Lesson } from '../types.ts';
import { lessonNarration } from '../types.ts';
import { matchCasts, type CastMatch, type RecordingSecrets } from '../casts/match-casts.ts';
import { CastOutsideCourseError } from '../casts/read-cast-file.ts';
import { proseOf, type Prose } from './prose-words.ts';
import { spellCheckerFor } from './spell-checker.ts';
import { placeholderRule } from './rules/placeholder-rule.ts';
import { todoRule } from './rules/todo-rule.ts';
import { repeatedWordRule } from './rules/repeated-word-rule.ts';
import { repeatedSentenceRule } from './rules/repeated-sentence-rule.ts';
import { structureRule } from './rules/structure-rule.ts';
import { bareCommandRule, emptySceneRule } from './rules/scene-rules.ts';
import { missingFileRule } from './rules/missing-file-rule.ts';
import { lineRangeRule } from './rules/line-range-rule.ts';
import { markerRules } from './rules/marker-rules.ts';
import { directiveRules } from './rules/directive-rules.ts';
import { outsideCourseRule } from './rules/outside-course-rule.ts';
import { castRules, type RecordingFacts } from './rules/cast-rules.ts';
import { spellingRule } from './rules/spelling-rule.ts';
import { apostropheRule } from './rules/apostrophe-rule.ts';
import { punctuationSpacingRule } from './rules/punctuation-spacing-rule.ts';
import { slideRule } from './rules/slide-rule.ts';
import { voiceOverRule } from './rules/voice-over-rule.ts';
import { findVoiceOvers, voiceOverDir } from '../narrate/voice-over.ts';
import { quietStretchRule } from './rules/quiet-stretch-rule.ts';
import { castsFromMatches } from '../casts/lesson-casts.ts';
import { recordingOutputRule, type RecordedResult } from './rules/recording-output-rule.ts';
import { secretRule } from './rules/secret-rule.ts';
import { ignorePatterns, redactPatterns } from '../secrets/course-patterns.ts';
import { resolveTyping } from '../casts/typing-settings.ts';
import { estimateAudio, knownDurations } from '../dev/estimate-audio.ts';
import { scheduleLesson } from '../schedule/schedule-lesson.ts';
import { DEFAULT_QUIET_STRETCH } from '../schema/lessoncast-schema.ts';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
// What `a.localeCompare(b)` uses (ECMA-402), built once: localeCompare sets up a collator per call.
const collate = new Intl.Collator().compare;

/**
 * Checks one parsed lesson against its course (files, recordings, slides, word list). A rule that
 * throws all the same (a bug) is one `internal-error` finding of this lesson: lint and build go on
 * with the other lessons. Environment errors (LessoncastError) still reach the command.
 */
export async function lintLesson(course: Course, lesson: Lesson): Promise<Diagnostic[]> {
  try {
    return await lintRules(course, lesson);
  } catch (err) {
    if (isExpectedError(err)) throw err;
    return sortDiagnostics([...lesson.diagnostics, {
      code: 'internal-error', severity: 'error', file: lesson.file, line: 1, column: 1,
      message: `lessoncast failed to lint this script (a bug in lessoncast, please report it with the script): ${String((err as Error)?.stack ?? err).split('\n').slice(0, 2).map((l) => l.trim()).join(' ')}`,
    }], lesson.file);
  }
}

async function lintRules(course: Course, lesson: Lesson): Promise<Diagnostic[]> {
  const prose: Prose[] = lesson.scenes.flatMap((s) => s.items.filter((i) => i.type === 'narration' || i.type === 'popup').map((i) => proseOf(i as never)));
  const slidesPath = join(course.slidesDir, `${lesson.slug}.md`);
  const slidesFile = relative(course.root, slidesPath);
  const [checker, recordings] = await Promise.all([spellCheckerFor(course.root, course.config.words ?? [], course.cacheDir), recordingFacts(course, lesson)]);
  const recorded = await recordedResults(lesson, recordings.castMatches, recordings);

  const repeated = repeatedSentenceRule(lesson);
  const inRepeated = repeatedSpans(lesson, repeated);
  const found = [
    ...lesson.diagnostics,
    ...todoRule(lesson),
    ...structureRule(lesson),
    ...emptySceneRule(lesson),
    ...placeholderRule(lesson, prose),
    ...bareCommandRule(lesson),
    ...missingFileRule(lesson, course.root),
    ...lineRangeRule(lesson, course.root),
    ...markerRules(lesson),
    ...directiveRules(lesson, course.root),
    ...outsideCourseRule(course, lesson),
    ...castRules(lesson, recordings),
    ...recordingOutputRule(lesson, recorded, ignorePatterns(course.config)),
    ...secretRule(lesson.file, scriptSource(course, lesson), recordings.secrets, redactPatterns(course.config)),
    ...slideRule(lesson, existsSync(slidesPath) ? readFileSync(slidesPath, 'utf8') : null, slidesFile),
    ...repeated,
    ...repeatedWordRule(prose, lesson.file),
    // A repeated sentence is one finding: its spelling goes with it when one copy is deleted.
    ...spellingRule(prose, lesson.file, checker).filter((d) => !inRepeated(d)),
    ...apostropheRule(prose, lesson.file),
    ...punctuationSpacingRule(prose, lesson.file),
    ...voiceOverRule(lesson, findVoiceOvers(course, lesson.slug), course.root, voiceOverDir(course, lesson.slug)),
    ...quietStretchFindings(course, lesson, recordings),
  ];
  return sortDiagnostics(found, lesson.file);
}

/** Script first, in file order; then other files (recordings); errors before warnings at one place. */
export function sortDiagnostics(diags: Diagnostic[], mainFile: string): Diagnostic[] {
  return [...diags].sort((a, b) =>
    Number(a.file !== mainFile) - Number(b.file !== mainFile) || (a.file === b.file ? 0 : collate(a.file, b.file)) || a.line - b.line || a.column - b.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.code === b.code ? 0 : collate(a.code, b.code)));
}

/**
 * `quiet-stretch` needs the lesson's timeline: its casts (the recordings matched above, else
 * synthesized, typed as the lesson says) and its narration's length estimated from the text, as the
 * dev server's first page does (lint synthesizes no speech, so every chunk has a duration).
 */
function quietStretchFindings(course: Course, lesson: Lesson, recordings: { castMatches: Map<string, CastMatch> }): Diagnostic[] {
  const casts = castsFromMatches(lesson, recordings.castMatches, resolveTyping(course.config.typing, lesson.meta.typing));
  const timeline = scheduleLesson(lesson, estimateAudio(lesson, knownDurations(null)).audio, casts, { configPauses: course.config.pauses });
  return quietStretchRule(lesson, timeline, casts, course.config.lint?.quietStretch ?? DEFAULT_QUIET_STRETCH);
}

async function recordingFacts(course: Course, lesson: Lesson): Promise<RecordingFacts & { castMatches: Map<string, CastMatch>; secrets: RecordingSecrets[] }> {
  const m = await matchCasts(course, lesson);
  // A recording outside the course is the outside-course rule's finding, not a damaged file.
  const invalid = m.invalid.filter((i) => !(i.error instanceof CastOutsideCourseError));
  return {
    matches: m.matches, castMatches: m.matches, unmatched: m.unmatched, recordings: m.recordings, gaps: m.gaps, secrets: m.secrets,
    invalid: invalid.map((i) => ({ file: i.file, line: i.error.line, problem: i.error.problem })),
  };
}

/** Tells whether a diagnostic falls inside a sentence flagged as repeated. */
function repeatedSpans(lesson: Lesson, repeated: Diagnostic[]): (d: Diagnostic) => boolean {
  const starts = new Set(repeated.map((d) => `${d.line}:${d.column}`));
  const spans = lessonNarration(lesson).flatMap((n) => n.sentences).filter((s) => starts.has(`${s.pos.line}:${s.pos.column}`)).map((s) => s.pos.line === s.pos.endLine
    ? { line: s.pos.line, endLine: s.pos.line, from: s.pos.column, to: s.pos.column + s.text.length }
    : { line: s.pos.line, endLine: s.pos.endLine, from: s.pos.column, to: Infinity });
  return (d) => spans.some((s) => d.line >= s.line && d.line <= s.endLine && (d.line !== s.line || d.column >= s.from) && (s.line !== s.endLine || d.column < s.to));
}

/** What each matched recording shows its command print, and its exit status (docs/check.md). */
async function recordedResults(lesson: Lesson, matched: Map<string, CastMatch>, facts: RecordingFacts): Promise<Map<string, RecordedResult>> {
  const out = new Map<string, RecordedResult>();
  if (matched.size === 0) return out;
  // Loaded only when there are recordings: a headless terminal replays them (lint starts fast without).
  const { recordingOutput } = await import('../check/recording-output.ts');
  for (const [id, m] of matched) {
    const prompts = [lesson.meta.terminal.prompt, facts.recordings?.find((r) => r.file === m.file)?.prompt ?? ''];
    const lines = await recordingOutput(m.cast, m.kind === 'command-only' ? undefined : m.typedAt, prompts);
    const x = m.cast.events.find((e) => e.code === 'x');
    const exitCode = x && /^-?\d+$/.test(x.data.trim()) ? Number(x.data.trim()) : undefined;
    out.set(id, { file: m.file, lines, ...(exitCode !== undefined ? { exitCode } : {}) });
  }
  return out;
}

/** The script as written (the secret rule looks at every character of it); '' when it is over the size limit (not read). */
function scriptSource(course: Course, lesson: Lesson): string {
  const path = transcriptPath(course, lesson.slug);
  try {
    return statSync(path).size <= LIMITS.scriptBytes ? readFileSync(path, 'utf8') : '';
  } catch (err) {
    return ignoreErrorAs('', 'readLesson named a missing or unreadable script already: nothing to look in')(err);
  }
}
