/**
 * A voice-over clip is bound to the exact words it was recorded for: `<clip>.json` beside it
 * (`recordings/<slug>/voice/p3.wav.json`) holds the paragraph's text and the clip's digest. It is
 * written by `lessoncast voice` (and `--accept`), or by the first build that uses the clip. When
 * the paragraph's words change afterwards, lint warns (`voice-over-stale`) and the build says it
 * used the clip; recording the clip again (new bytes) binds it to the words it then has.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';
import { fileDigest } from '../store/artifact-key.ts';
import type { VoiceOverClip } from './voice-over.ts';

/** What `<clip>.json` holds. */
export interface ClipBinding { text: string; clip: string; boundAt: string }

/** The binding file of a clip. */
export const bindingFile = (clipFile: string) => `${clipFile}.json`;

/** The words that count: letters and digits, lower case (punctuation, markup and spacing do not). Pure. */
export function spokenWords(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^\p{L}\p{N}']+/u).map((w) => w.replace(/^'+|'+$/g, '')).filter(Boolean);
}

/** The clip's binding, or null (none yet, or unreadable: then it is made again). */
export function readBinding(clipFile: string): ClipBinding | null {
  try {
    const b = JSON.parse(readFileSync(bindingFile(clipFile), 'utf8')) as ClipBinding;
    return typeof b.text === 'string' && typeof b.clip === 'string' ? b : null;
  } catch {
    // No binding yet (the usual case for a new clip) or a damaged one: it is written again.
    return null;
  }
}

/** Binds the clip to `text` (written whole, by rename). */
export function writeBinding(clipFile: string, text: string): ClipBinding {
  const b: ClipBinding = { text: text.replace(/\s+/g, ' ').trim(), clip: fileDigest(clipFile), boundAt: new Date().toISOString() };
  writeFileAtomicSync(bindingFile(clipFile), JSON.stringify(b, null, 2) + '\n');
  return b;
}

/** How a clip stands against its paragraph's text now. */
export type BindingState =
  | { state: 'unbound' }
  | { state: 'current' }
  /** The paragraph's words changed since the clip was recorded; `recorded` is what the clip says. */
  | { state: 'stale'; recorded: string; change: string }
  /** The clip's bytes changed (recorded again): it is bound anew on its next use. */
  | { state: 'rerecorded' };

/** The first difference between two word lists, for a message: `"a b" → "a c"`. Pure. */
export function firstChange(before: string[], after: string[]): string {
  let i = 0;
  while (i < before.length && i < after.length && before[i] === after[i]) i++;
  let j = 0;
  while (j < before.length - i && j < after.length - i && before[before.length - 1 - j] === after[after.length - 1 - j]) j++;
  const was = before.slice(i, before.length - j).join(' ');
  const now = after.slice(i, after.length - j).join(' ');
  return `${was ? `"${was}"` : 'nothing'} → ${now ? `"${now}"` : 'nothing'} after word ${i}`;
}

/** Compares the clip's binding with the paragraph's text. */
export function bindingState(clip: Pick<VoiceOverClip, 'file'>, text: string): BindingState {
  const b = readBinding(clip.file);
  if (!b) return { state: 'unbound' };
  if (b.clip !== fileDigest(clip.file)) return { state: 'rerecorded' };
  const was = spokenWords(b.text);
  const now = spokenWords(text);
  if (was.length === now.length && was.every((w, i) => w === now[i])) return { state: 'current' };
  return { state: 'stale', recorded: b.text, change: firstChange(was, now) };
}
