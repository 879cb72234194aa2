/**
 * The wait directive of a terminal block (docs/ir.md, "Set-up, tear-down and waiting"), a line of
 * its own that `record` and `check` obey and the stage never shows:
 *
 *     wait for "Serving HTTP"            the text appears in the terminal's output
 *     wait for /listening on \d+/i 10s   a regular expression matches it, within 10 s
 *     wait up to 5s until curl -sf http://127.0.0.1:8000/   the command succeeds
 *
 * Bash's own `wait` takes process ids and job specs, never `for`/`until`/`up to`, so these lines are
 * never commands. Pure.
 */

/** Time limit of a wait that names none, seconds. */
export const DEFAULT_WAIT_SECONDS = 30;
/** Longest time limit an author may write, seconds: longer is a mistake in the number or the unit. */
export const MAX_WAIT_SECONDS = 600;

/** `wait [up to <duration>] for|until ...` (any case). */
const WAIT = /^wait\s+(?:up\s+to\s+(\S+)\s+)?(for|until)(?:\s+(.*))?$/is;
const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|secs?|seconds?|m|mins?|minutes?)$/i;
const REGEX_FLAGS = /^[imsu]*$/;

/** A parsed wait line. */
export type ParsedWait =
  | { kind: 'output'; pattern: string; flags: string; timeoutSeconds: number }
  | { kind: 'command'; command: string; timeoutSeconds: number };

/** True when the line is meant as a wait directive (well-formed or not). */
export function isWaitLine(line: string): boolean {
  return WAIT.test(line.trim());
}

/** Seconds of `10s`, `500ms`, `2m`; an error when it is not a duration or out of range. */
export function waitSeconds(text: string): number | { error: string } {
  const m = DURATION.exec(text.trim());
  if (!m) return { error: `"${text}" is not a duration` };
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  const seconds = unit === 'ms' ? n / 1000 : unit.startsWith('m') ? n * 60 : n;
  if (!(seconds > 0)) return { error: 'a wait of 0 s waits for nothing' };
  if (seconds > MAX_WAIT_SECONDS) return { error: `${text} is over the longest wait, ${MAX_WAIT_SECONDS / 60} minutes` };
  return seconds;
}

/** Reads a wait line; an error (with the fix) when it is malformed. */
export function parseWait(line: string): ParsedWait | { error: string; hint: string } {
  const m = WAIT.exec(line.trim());
  if (!m) return { error: 'not a wait directive', hint: SYNTAX };
  let timeoutSeconds = DEFAULT_WAIT_SECONDS;
  if (m[1] !== undefined) {
    const s = waitSeconds(m[1]);
    if (typeof s !== 'number') return { error: s.error, hint: 'write the limit as 10s, 500ms or 2m' };
    timeoutSeconds = s;
  }
  const rest = (m[3] ?? '').trim();
  if (m[2].toLowerCase() === 'until') {
    if (!rest) return { error: '`wait until` names no command', hint: 'write the command to try: wait until curl -sf http://127.0.0.1:8000/' };
    return { kind: 'command', command: rest, timeoutSeconds };
  }
  const quoted = readPattern(rest);
  if ('error' in quoted) return { error: quoted.error, hint: SYNTAX };
  const tail = rest.slice(quoted.length).trim().replace(/^up\s+to\s+/i, '');
  if (tail) {
    if (m[1] !== undefined) return { error: `"${tail}" after the pattern: the time limit is given already`, hint: SYNTAX };
    const s = waitSeconds(tail);
    if (typeof s !== 'number') return { error: `${s.error} (after the pattern)`, hint: 'write the limit as 10s, 500ms or 2m' };
    timeoutSeconds = s;
  }
  return { kind: 'output', pattern: quoted.pattern, flags: quoted.flags, timeoutSeconds };
}

const SYNTAX = 'write wait for "text", wait for /regex/ 10s, or wait up to 10s until <command>';

/** `"text"`, `'text'` (a backslash escapes the quote) or `/regex/flags` at the start of `s`. */
function readPattern(s: string): { pattern: string; flags: string; length: number } | { error: string } {
  const q = s[0];
  if (q === '"' || q === "'") {
    let text = '';
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '\\' && (s[i + 1] === q || s[i + 1] === '\\')) { text += s[++i]; continue; }
      if (s[i] === q) {
        if (!text) return { error: '`wait for` with empty text waits for nothing' };
        return { pattern: escapeRegExp(text), flags: '', length: i + 1 };
      }
      text += s[i];
    }
    return { error: `the text after \`wait for\` has no closing ${q}` };
  }
  if (q === '/') {
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '\\') { i++; continue; }
      if (s[i] !== '/') continue;
      const source = s.slice(1, i);
      const flags = /^[a-z]*/i.exec(s.slice(i + 1))![0];
      if (!REGEX_FLAGS.test(flags)) return { error: `/${source}/${flags}: flags may be i, m, s and u` };
      try {
        if (new RegExp(source, flags).test('')) return { error: `/${source}/ matches the empty text: it waits for nothing` };
      } catch (err) {
        return { error: `/${source}/ is not a regular expression: ${(err as Error).message}` };
      }
      return { pattern: source, flags, length: i + 1 + flags.length };
    }
    return { error: 'the regular expression after `wait for` has no closing /' };
  }
  return { error: s ? `the text to wait for must be quoted: wait for "${s}"` : '`wait for` names nothing to wait for' };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
