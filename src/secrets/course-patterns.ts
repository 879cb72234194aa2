/** The course's own patterns from its config, compiled once: `redact` (secrets) and `check.ignore` (output not compared). */
import type { LessoncastConfig } from '../define-config.ts';
import { compileRedactPattern, patternError, type SecretPattern } from './redact-secrets.ts';

/** `redact` of the config as secret patterns (a pattern that does not compile was reported by the config check and is left out). */
export function redactPatterns(config: Pick<LessoncastConfig, 'redact'>): SecretPattern[] {
  return (config.redact ?? []).filter((s) => patternError(s) === null).map(compileRedactPattern);
}

/** `check.ignore` of the config as global regular expressions. */
export function ignorePatterns(config: Pick<LessoncastConfig, 'check'>): RegExp[] {
  return (config.check?.ignore ?? []).filter((s) => patternError(s) === null).map((s) => compileRedactPattern(s).re);
}
