/** Frontmatter: gray-matter finds it, the `yaml` package parses it (for errors with a line). */
import matter from 'gray-matter';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { Diagnostic } from '../types.ts';

/** The frontmatter data and where the markdown body starts. */
export interface Frontmatter {
  data: Record<string, unknown>;
  /** Offset in the (normalised) source where the body starts. */
  bodyOffset: number;
  /** Line of the opening `---` (1) when there is frontmatter. */
  present: boolean;
  diagnostics: Diagnostic[];
}

const OPEN = /^---[ \t]*\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/** Splits off and parses YAML frontmatter; never throws: a broken block is a diagnostic. */
export function readFrontmatter(text: string, file: string): Frontmatter {
  const none: Frontmatter = { data: {}, bodyOffset: 0, present: false, diagnostics: [] };
  if (!OPEN.test(text)) return none;
  const afterOpen = text.indexOf('\n') + 1;
  // gray-matter takes everything as frontmatter when the block is never closed; a script that
  // starts with a `---` rule and no YAML is far likelier, so report it and read on as markdown.
  if (!CLOSE.test(text.slice(afterOpen))) {
    return {
      ...none,
      bodyOffset: afterOpen,
      diagnostics: [{
        code: 'invalid-frontmatter', severity: 'error', file, line: 1, column: 1,
        message: 'frontmatter opened with `---` on line 1 is never closed',
        hint: 'close it with a `---` line, or remove the first line if it is not frontmatter',
      }],
    };
  }
  let yamlError: Diagnostic | null = null;
  let parsed: ReturnType<typeof matter>;
  try {
    parsed = matter(text, {
      engines: {
        yaml: (s: string) => {
          try {
            return (parseYaml(s) ?? {}) as object;
          } catch (err) {
            // The matter string starts right after `---` on line 1, so its line n is file line n.
            const pos = err instanceof YAMLParseError ? err.linePos?.[0] : undefined;
            const reason = String((err as Error).message).split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
            yamlError = {
              code: 'invalid-frontmatter', severity: 'error', file,
              line: pos?.line ?? 1, column: pos?.col ?? 1,
              message: `frontmatter is not valid YAML: ${reason}`,
              hint: 'fix the YAML between the `---` lines: one `key: value` a line',
            };
            return {};
          }
        },
      },
    });
  } catch (err) {
    return { ...none, diagnostics: [{ code: 'invalid-frontmatter', severity: 'error', file, line: 1, column: 1, message: `frontmatter could not be read: ${(err as Error).message}` }] };
  }
  const data = parsed.data && typeof parsed.data === 'object' && !Array.isArray(parsed.data) ? parsed.data as Record<string, unknown> : {};
  const diagnostics: Diagnostic[] = yamlError ? [yamlError] : [];
  if (!yamlError && parsed.data !== null && (typeof parsed.data !== 'object' || Array.isArray(parsed.data)))
    diagnostics.push({ code: 'invalid-frontmatter', severity: 'error', file, line: 2, column: 1, message: 'frontmatter must be a YAML mapping (key: value lines)' });
  // gray-matter returns the body as a suffix of its input; fall back to scanning for the close.
  const bodyOffset = text.endsWith(parsed.content) ? text.length - parsed.content.length : afterOpen + (CLOSE.exec(text.slice(afterOpen))?.index ?? 0);
  return { data, bodyOffset, present: true, diagnostics };
}
