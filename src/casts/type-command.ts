/**
 * The start of every command cast lessoncast types: the prompt, then the command typed at a human
 * pace (seeded jitter) or pasted whole when it is long, then Enter. Synthesized casts, command-only
 * recordings and `lessoncast record` use it, so they all look alike on stage (docs/casts.md, "Typing").
 */
import type { TypingSettings } from '../types.ts';
import type { CastEvent } from './types.ts';
import { seededRandom } from './seeded-random.ts';
import { roundTime } from './asciicast.ts';
import { DEFAULT_TYPING } from './typing-settings.ts';

/** Pacing of synthetic typing at the reference speed, in seconds. */
export const TYPING = {
  /** Pause after the prompt appears, before the first key. */
  think: 0.5,
  /** Each key takes `base` plus a random share of `jitter`. */
  base: 0.045,
  jitter: 0.06,
  /** Extra pause after a space, and the chance of a longer hesitation there. */
  afterSpace: 0.03,
  hesitateChance: 0.12,
  hesitate: 0.25,
  /** Pause after the last key before Enter. */
  beforeEnter: 0.3,
  /** After a paste, before Enter: a moment to see the whole command. */
  afterPaste: 0.6,
} as const;

/**
 * The speed (characters a second) the key timings above give on average: a key takes 75 ms, a space
 * 60 ms more (12.98 over the 329 keys of the seeds' commands; tests/casts/typing.test.ts checks it).
 * `typing.speed` scales every key's time by REFERENCE_SPEED / speed, so the default types as before.
 */
export const REFERENCE_SPEED = 13;

/**
 * Moves to the start of the line and clears it before drawing the prompt: a cast played right
 * after the previous one (which ends with its next prompt) redraws that prompt instead of doubling it.
 */
export const PROMPT_PREFIX = '\r\x1b[K';

/** Clears the screen and the scrollback, cursor home (what `clear` prints in xterm). */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

/** How a command went in: typed at `speed`, typed faster to fit `maxSeconds`, or pasted whole. */
export type TypingMode = 'typed' | 'sped-up' | 'pasted';

/**
 * Events from `start` seconds: optional clear, prompt, the command (one output event per typed
 * character, or one for a paste), and Enter (an `i` "\r" input event plus the `o` "\r\n" echo).
 * `typedAt` is when Enter is pressed. The same command, seed and settings give the same events.
 */
export function typeCommand(command: string, prompt: string, opts: { seed: string; clearBefore?: boolean; start?: number; typing?: TypingSettings }): { events: CastEvent[]; typedAt: number; mode: TypingMode } {
  const typing = opts.typing ?? DEFAULT_TYPING;
  const start = opts.start ?? 0;
  const events: CastEvent[] = [];
  if (opts.clearBefore) events.push({ time: roundTime(start), code: 'o', data: CLEAR_SCREEN });
  events.push({ time: roundTime(start), code: 'o', data: PROMPT_PREFIX + prompt });
  const first = start + TYPING.think;
  const chars = Array.from(command); // whole code points: never split a surrogate pair
  let mode: TypingMode = 'typed';
  let t: number;
  if (chars.length > typing.pasteOver) {
    // A long command is pasted, as people do: it appears whole, at once.
    mode = 'pasted';
    events.push({ time: roundTime(first), code: 'o', data: command });
    t = roundTime(first + TYPING.afterPaste);
  } else {
    let scale = REFERENCE_SPEED / typing.speed;
    let keys = keyTimes(chars, opts.seed, first, scale);
    const span = keys.length ? keys[keys.length - 1] - first : 0;
    if (span > typing.maxSeconds) {
      // Every interval scales, so the span scales with it: the keys now take exactly maxSeconds.
      mode = 'sped-up';
      scale *= typing.maxSeconds / span;
      keys = keyTimes(chars, opts.seed, first, scale);
    }
    chars.forEach((ch, i) => events.push({ time: roundTime(keys[i]), code: 'o', data: ch }));
    t = roundTime((keys.length ? keys[keys.length - 1] : first) + (chars.length ? TYPING.beforeEnter : 0));
  }
  events.push({ time: t, code: 'i', data: '\r' });
  events.push({ time: t, code: 'o', data: '\r\n' });
  return { events, typedAt: t, mode };
}

/** When each key is pressed (seconds, unrounded), from `first`, every interval times `scale`; at scale 1 exactly the reference pace. */
function keyTimes(chars: string[], seed: string, first: number, scale: number): number[] {
  const rand = seededRandom(seed);
  const times: number[] = [];
  let t = first;
  chars.forEach((ch, i) => {
    times.push(t);
    if (i === chars.length - 1) return;
    t += (TYPING.base + rand() * TYPING.jitter) * scale;
    if (ch === ' ') {
      t += TYPING.afterSpace * scale;
      if (rand() < TYPING.hesitateChance) t += TYPING.hesitate * (0.5 + rand()) * scale;
    }
  });
  return times;
}
