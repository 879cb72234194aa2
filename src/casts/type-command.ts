/**
 * The start of every command cast, recorded or synthesized: the prompt, then the command typed at a
 * human pace (seeded jitter), then Enter. Recorded casts use it too, so both look alike on stage.
 */
import type { CastEvent } from './types.ts';
import { seededRandom } from './seeded-random.ts';
import { roundTime } from './asciicast.ts';

/** Pacing of synthetic typing, in seconds. */
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
} as const;

/**
 * Moves to the start of the line and clears it before drawing the prompt: a cast played right
 * after the previous one (which ends with its next prompt) redraws that prompt instead of doubling it.
 */
export const PROMPT_PREFIX = '\r\x1b[K';

/** Clears the screen and the scrollback, cursor home (what `clear` prints in xterm). */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

/**
 * Events from `start` seconds: optional clear, prompt, one output event per typed character, and
 * Enter (an `i` "\r" input event plus the `o` "\r\n" echo). `typedAt` is when Enter is pressed.
 */
export function typeCommand(command: string, prompt: string, opts: { seed: string; clearBefore?: boolean; start?: number }): { events: CastEvent[]; typedAt: number } {
  const rand = seededRandom(opts.seed);
  let t = opts.start ?? 0;
  const events: CastEvent[] = [];
  if (opts.clearBefore) events.push({ time: roundTime(t), code: 'o', data: CLEAR_SCREEN });
  events.push({ time: roundTime(t), code: 'o', data: PROMPT_PREFIX + prompt });
  t += TYPING.think;
  const chars = Array.from(command); // whole code points: never split a surrogate pair
  chars.forEach((ch, i) => {
    events.push({ time: roundTime(t), code: 'o', data: ch });
    if (i === chars.length - 1) return;
    t += TYPING.base + rand() * TYPING.jitter;
    if (ch === ' ') {
      t += TYPING.afterSpace;
      if (rand() < TYPING.hesitateChance) t += TYPING.hesitate * (0.5 + rand());
    }
  });
  t = roundTime(t + (chars.length ? TYPING.beforeEnter : 0));
  events.push({ time: t, code: 'i', data: '\r' });
  events.push({ time: t, code: 'o', data: '\r\n' });
  return { events, typedAt: t };
}
