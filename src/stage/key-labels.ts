/**
 * Key presses as the stage shows them (docs/stage.md, "Keys on screen"): `ctrl+~` → ⌃ ~, `cmd+k` →
 * ⌘ K, each key a keycap. Mac symbols for the modifiers, as editors print their shortcuts. Pure.
 */

const MODIFIERS: Record<string, string> = { ctrl: '⌃', cmd: '⌘', alt: '⌥', shift: '⇧' };
const NAMED: Record<string, string> = { enter: '⏎', return: '⏎', tab: '⇥', esc: 'Esc', escape: 'Esc', space: 'Space', backspace: '⌫', up: '↑', down: '↓', left: '←', right: '→' };

/** The keycaps of a chord as the IR writes it (`ctrl+~`): one label per key. */
export function keyCaps(keys: string): string[] {
  return keys.split('+').filter(Boolean).map((k) => MODIFIERS[k] ?? NAMED[k] ?? (k.length === 1 ? k.toUpperCase() : k[0].toUpperCase() + k.slice(1)));
}

/** How long a key press stays on screen after its step, seconds: long enough to read two keycaps, short enough to be gone before the next step. */
export const KEYS_SECONDS = 1.2;
