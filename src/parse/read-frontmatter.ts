/** Frontmatter: gray-matter finds it, the `yaml` package parses it (for errors with a line). */
import { createRequire } from 'node:module';
import type GrayMatter from 'gray-matter';
import type * as Yaml from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../types.ts';
import { LIMITS } from '../limits.ts';
import { yamlTooDeep } from './yaml-depth.ts';

// Both load only for a script that has frontmatter (~80 ms of start-up together; docs/cli.md).
const require = createRequire(import.meta.url);
let libs: { matter: typeof GrayMatter; yaml: typeof Yaml } | null = null;
const frontmatterLibs = () => (libs ??= { matter: require('gray-matter') as typeof GrayMatter, yaml: require('yaml') as typeof Yaml });

/** The frontmatter data and where the markdown body starts. */
export interface Frontmatter {
  data: Record<string, unknown>;
  /** Offset in the (normalised) source where the body starts. */
  bodyOffset: number;
  /** Line of the opening `---` (1) when there is frontmatter. */
  present: boolean;
  diagnostics: Diagnostic[];
  /** Offset in the source of each key, by its path joined with '.' (`terminal.cols`). */
  keyOffsets: Map<string, number>;
}

/** Records where every key of nested mappings starts, offset by `base`. */
function collectKeys(node: YamlNode | null | undefined, prefix: string, base: number, out: Map<string, number>): void {
  const { isMap, isScalar } = frontmatterLibs().yaml;
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key === null) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const range = (pair.key as YamlNode).range;
    if (range && !out.has(path)) out.set(path, base + range[0]);
    collectKeys(pair.value as YamlNode, path, base, out);
  }
}

/**
 * YAML values as plain JSON data, so the IR prints and parses back the same (`inspect --json`):
 * `!!binary` → base64 text, sets → arrays, maps → objects, dates → ISO text, ±.inf/.nan → text, -0 → 0.
 */
export function plainData(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value) || value instanceof Set) return [...value].map(plainData);
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : typeof value === 'object' ? Object.entries(value as object) : null;
  if (!entries) return null; // undefined, functions, symbols: nothing JSON can hold
  const out: Record<string, unknown> = {};
  // defineProperty: a `__proto__` key stays a key, as JSON.parse reads it back.
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: plainData(v), enumerable: true, writable: true, configurable: true });
  return out;
}

const OPEN = /^---[ \t]*\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/** Splits off and parses YAML frontmatter; never throws: a broken block is a diagnostic. */
export function readFrontmatter(text: string, file: string): Frontmatter {
  const none: Frontmatter = { data: {}, bodyOffset: 0, present: false, diagnostics: [], keyOffsets: new Map() };
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
  const { matter, yaml: { parseDocument, YAMLParseError } } = frontmatterLibs();
  let yamlError: Diagnostic | null = null;
  const keyOffsets = new Map<string, number>();
  let parsed: ReturnType<typeof GrayMatter>;
  try {
    parsed = matter(text, {
      engines: {
        yaml: (s: string) => {
          // The yaml package composes nested collections by recursion: deeper than the limit is not parsed.
          const deep = yamlTooDeep(s, LIMITS.nestingDepth);
          if (deep) {
            yamlError = {
              code: 'nesting-too-deep', severity: 'error', file, line: deep.line, column: 1,
              message: `frontmatter nests about ${deep.depth} levels deep here (indentation, lists and brackets); at most ${LIMITS.nestingDepth} (docs/limits.md): the frontmatter is not read`,
              hint: 'frontmatter holds a few `key: value` lines, such as `title: Pods`',
            };
            return {};
          }
          try {
            // logLevel error: an unknown tag (`!x`) stays a string without a warning printed by the yaml package.
            const doc = parseDocument(s, { logLevel: 'error' });
            if (doc.errors.length) throw doc.errors[0];
            // The matter string is a slice of the text near its start: that is where its offsets begin.
            collectKeys(doc.contents as YamlNode, '', Math.max(0, text.indexOf(s)), keyOffsets);
            return plainData(doc.toJS() ?? {}) as object;
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
  return { data, bodyOffset, present: true, diagnostics, keyOffsets };
}
