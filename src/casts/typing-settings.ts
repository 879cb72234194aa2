/** How commands are typed: the defaults and the merge of config and frontmatter `typing` (docs/casts.md, "Typing"). */
import type { TypingSettings } from '../types.ts';

/**
 * Thirteen characters a second, the reference pace of type-command.ts, so a short command types as it
 * always did; no command's keys take longer than 3 s (a 90-character commit took 8.3 s); past 80
 * characters, a line that wraps on an 80-column terminal, the command is pasted.
 */
export const DEFAULT_TYPING: TypingSettings = { speed: 13, maxSeconds: 3, pasteOver: 80 };

/** Defaults < course config `typing` < the lesson's frontmatter `typing`, key by key. */
export function resolveTyping(config?: Partial<TypingSettings>, lesson?: Partial<TypingSettings>): TypingSettings {
  const pick = (k: keyof TypingSettings) => lesson?.[k] ?? config?.[k] ?? DEFAULT_TYPING[k];
  return { speed: pick('speed'), maxSeconds: pick('maxSeconds'), pasteOver: pick('pasteOver') };
}
