/** How commands are typed: the merge of config and frontmatter `typing` over the schema's defaults (docs/casts.md, "Typing"). */
import { DEFAULT_TYPING, type TypingSettings } from '../schema/lessoncast-schema.ts';

export { DEFAULT_TYPING };

/** Defaults < course config `typing` < the lesson's frontmatter `typing`, key by key. */
export function resolveTyping(config?: Partial<TypingSettings>, lesson?: Partial<TypingSettings>): TypingSettings {
  const pick = (k: keyof TypingSettings) => lesson?.[k] ?? config?.[k] ?? DEFAULT_TYPING[k];
  return { speed: pick('speed'), maxSeconds: pick('maxSeconds'), pasteOver: pick('pasteOver') };
}
