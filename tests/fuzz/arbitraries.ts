/**
 * fast-check generators for the fuzzer: lesson scripts from the dialect's grammar (docs/ir.md),
 * mutations of the real seeds (transcripts/*.md) and real casts (tests/fixtures/real-casts, copied
 * from the asciinema-player project as its README says), asciicast lines from the format's grammar,
 * frontmatter, lexicons, and HTML payloads for the renderer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

export const REPO = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** The seed scripts and real casts, read once. */
export const SEEDS = readdirSync(join(REPO, 'transcripts')).filter((f) => f.endsWith('.md')).sort().map((f) => readFileSync(join(REPO, 'transcripts', f), 'utf8'));
export const REAL_CASTS = [
  ...readdirSync(join(REPO, 'tests/fixtures/real-casts')).filter((f) => f.endsWith('.cast')).sort().map((f) => readFileSync(join(REPO, 'tests/fixtures/real-casts', f), 'utf8')),
  ...readdirSync(join(REPO, 'tests/fixtures/casts/damaged')).filter((f) => f.endsWith('.cast')).sort().map((f) => readFileSync(join(REPO, 'tests/fixtures/casts/damaged', f), 'utf8')),
];
export const LEXICON = readFileSync(join(REPO, 'lexicon.yml'), 'utf8');

// ---------- text pieces ----------

const word = fc.constantFrom('pod', 'kubectl', 'the', 'service', 'apache', 'DNS', 'IP', 'cluster', 'gaurantee', 'using', 'a', 'its', 'lets', 'Mr.', 'e.g.', '127.0.0.1', 'google.com', 'pod-to-pod', 'ClusterIP', 'it\'s');
const junk = fc.string({ unit: 'binary', maxLength: 12 });
const ascii = fc.string({ unit: 'binary-ascii', maxLength: 16 });
const lone = fc.constantFrom('\ud800', '\udfff', '\u0000', '\uFEFF', '\u2028', '\u200b', '\t', '\r', '\u001b[31m', '\u0301', '👩‍💻');

/** A piece of inline markdown as scripts write it (and as they should not). */
const inlinePiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 1, arbitrary: word.map((w) => `\`${w}\``) },
  { weight: 1, arbitrary: word.map((w) => `*${w}*`) },
  { weight: 1, arbitrary: word.map((w) => `**${w}**`) },
  { weight: 1, arbitrary: fc.tuple(word, fc.constantFrom('https://x.io/a', 'javascript:alert(1)', '../x.html', 'mailto:a@b.c', '#top', 'data:text/html,x', ' ')).map(([w, u]) => `[${w}](${u})`) },
  { weight: 1, arbitrary: fc.constantFrom('<img src=x onerror=alert(1)>', '<b>', '</b>', '<!-- note -->', '<!--', '-->', '<br>', '<script>x</script>', '&amp;', '&#0;', '&#xD800;') },
  { weight: 1, arbitrary: fc.constantFrom('TODO: fix', 'FIXME', '...', 'xxxxxx', '<pod>', 'http://apache.localcluster', ',', ' ,', ':', '!', '?', '.', '\\', '_', '~~', '![x](y.png)') },
  { weight: 1, arbitrary: junk },
  { weight: 1, arbitrary: lone },
);

const sentence = fc.array(inlinePiece, { minLength: 1, maxLength: 14 }).map((p) => p.join(' '));
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join('. ') + '.');

const kindName = fc.constantFrom('powerpoint slide', 'powerpoint', 'slide', 'vscode', 'terminal', 'editor', 'vscdoe', 'slied', 'Transcript', 'vscode: creating pods', '');
const heading = fc.tuple(fc.integer({ min: 1, max: 7 }), fc.oneof(kindName, sentence)).map(([n, t]) => `${'#'.repeat(n)} ${t}`);

const path = fc.oneof(fc.constantFrom('configs/pod.yml', '...', 'xxxx', '../secret', '/etc/passwd', 'a b.yml', 'configs/x.yml:3-5', 'configs/x.yml:9-1', ''), ascii);
const command = fc.oneof(
  fc.constantFrom('kubectl get pods -o wide', 'kubectl exec ... -- curl http://xxxxxx', 'pwd', 'ls', 'cat <file>', 'curl....', 'echo "unterminated', ''),
  sentence,
);
const terminalLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: command.map((c) => `$ ${c}`) },
  { weight: 3, arbitrary: fc.oneof(sentence, ascii, fc.constantFrom('NAME READY STATUS', 'pod-httpd 1/1 Running', '')) },
  { weight: 1, arbitrary: path.map((p) => `code ${p}`) },
  { weight: 1, arbitrary: fc.constantFrom('switch to bash terminal (ctrl+~)', 'Switch To Terminal', 'clear', 'cmd+k', 'ctrl+l', 'code', '$', '$$ x', 'kubectl get svc') },
);

const fenceOpen = fc.tuple(fc.constantFrom('```', '````', '~~~', '  ```'), fc.constantFrom('bash', 'sh', 'shell', 'console', 'popup', 'yaml', '', 'js', 'bash {x}', 'POPUP'));
const fenced = fc.tuple(fenceOpen, fc.array(terminalLine, { maxLength: 8 }), fc.constantFrom('close', 'close', 'close', 'open', 'nested'))
  .map(([[f, lang], lines, end]) => `${f}${lang}\n${lines.join('\n')}${end === 'close' ? `\n${f.trim()}` : end === 'nested' ? `\n${f}bash\n${f.trim()}` : ''}`);

const listItem = fc.tuple(fc.constantFrom('- ', '* ', '1. ', '  - ', '    - ', '2) ', '-'), sentence).map(([m, s]) => m + s);
const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  { weight: 2, arbitrary: heading },
  { weight: 3, arbitrary: fenced },
  { weight: 1, arbitrary: fc.array(listItem, { minLength: 1, maxLength: 5 }).map((l) => l.join('\n')) },
  { weight: 1, arbitrary: sentence.map((s) => `> ${s}`) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('vscode', '-> powerpoint slide', '-> vscode', '-> terminal'), { maxLength: 4 }).map((l) => ['Structure:', ...l].join('\n')) },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', '| a | b |\n|---|---|\n| 1 | 2 |', '<div>html</div>', '<!-- a\ncomment -->', '    indented code', '\tTabbed', '[ref]: https://x.io', '') },
);

const yamlValue = fc.oneof(fc.constantFrom('Title', '"quoted"', '[80,', '{cols: 100, rows: 30}', '{cols: "x"}', 'overlap', 'sequential', 'fast', '..', '/', '- a', ': :', 'null', '~', '"unterminated', '!!binary x', '&a *a', "'it''s'"), ascii);
const frontmatterKey = fc.constantFrom('title', 'voice', 'workdir', 'pace', 'terminal', 'terminal.cols', 'titel', 'extra', '  cols', 'prompt', '');
/** Frontmatter blocks: valid, wrongly typed, broken YAML, unclosed. */
export const frontmatter = fc.tuple(fc.array(fc.tuple(frontmatterKey, yamlValue), { maxLength: 5 }), fc.constantFrom('---', '...', '', '--- ', '----'))
  .map(([pairs, close]) => `---\n${pairs.map(([k, v]) => `${k}: ${v}`).join('\n')}${close ? `\n${close}` : ''}\n`);

/** A whole script from the grammar, with the encodings scripts come in (BOM, CRLF, CR). */
export const grammarScript = fc.tuple(fc.option(frontmatter, { nil: '' }), fc.array(block, { maxLength: 14 }), fc.constantFrom('\n', '\n', '\r\n', '\r'), fc.boolean())
  .map(([fm, blocks, eol, bom]) => (bom ? '\uFEFF' : '') + (fm + blocks.join('\n\n') + '\n').replace(/\n/g, eol));

// ---------- mutations ----------

const TOKENS = ['```', '```bash\n', '~~~', '---\n', '\n---\n', '$ ', '<!--', '-->', 'TODO:', '\t', '\r', '\r\n', '\u0000', '\uFEFF', '\ud800', '## ', '- ', '> ', '<', '`', '*', '[', '](', 'code ', '```popup\n', ':\n', '...', 'xxxx', '\n\n', '    '];

type Mutation =
  | { k: 'flip'; at: number; ch: string }
  | { k: 'cut'; at: number; len: number }
  | { k: 'dup'; at: number; len: number; to: number }
  | { k: 'swap'; a: number; b: number }
  | { k: 'insert'; at: number; text: string }
  | { k: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant('flip' as const), at: fc.nat(), ch: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), lone) }),
  fc.record({ k: fc.constant('cut' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ k: fc.constant('dup' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }), to: fc.nat() }),
  fc.record({ k: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ k: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), junk, block) }),
  fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies mutations in order; positions wrap around the current text. */
export function mutate(text: string, mutations: Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const n = Math.max(1, t.length);
    switch (m.k) {
      case 'flip': { const i = m.at % n; t = t.slice(0, i) + m.ch + t.slice(i + 1); break; }
      case 'cut': { const i = m.at % n; t = t.slice(0, i) + t.slice(i + m.len); break; }
      case 'dup': { const i = m.at % n; const piece = t.slice(i, i + m.len); const j = m.to % n; t = t.slice(0, j) + piece + t.slice(j); break; }
      case 'swap': {
        const lines = t.split('\n');
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
        t = lines.join('\n');
        break;
      }
      case 'insert': { const i = m.at % (t.length + 1); t = t.slice(0, i) + m.text + t.slice(i); break; }
      case 'truncate': t = t.slice(0, m.at % (t.length + 1)); break;
    }
  }
  return t;
}

/** A mutated copy of one of `texts`. */
export function mutated(texts: string[], max = 8): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: max })).map(([t, ms]) => mutate(t, ms));
}

/** Scripts: half from the grammar, half mutated seeds (and mutated grammar scripts). */
export const script: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: grammarScript },
  { weight: 5, arbitrary: mutated(SEEDS) },
  { weight: 1, arbitrary: fc.tuple(grammarScript, fc.array(mutation, { maxLength: 4 })).map(([t, ms]) => mutate(t, ms)) },
);

// ---------- casts ----------

const time = fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(-1, 0, 1e308, 0.1, -0.5), fc.constantFrom('"1"', 'null', '[]', 'NaN', '1e999').map((s) => ({ raw: s })));
const code = fc.oneof(fc.constantFrom('o', 'i', 'm', 'r', 'x', 'z', '', 'oo'), fc.constantFrom(1, null).map((v) => ({ raw: JSON.stringify(v) })));
const data = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('100x30', '0', '\r\n', '\u001b[2J', 'x'), fc.constant({ raw: '5' }));
const json = (v: unknown): string => (typeof v === 'object' && v !== null && 'raw' in v ? (v as { raw: string }).raw : JSON.stringify(v));
const eventLine = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(time, code, data).map(([t, c, d]) => `[${json(t)}, ${json(c)}, ${json(d)}]`) },
  { weight: 1, arbitrary: fc.constantFrom('', '# comment', '[1, "o"]', '{"a": 1}', '[1, "o", "x", 4]', '[1, "o", "x"', 'garbage', '  ') },
);
const headerV2 = fc.record({
  version: fc.constantFrom(2, 2, 2, 3, 1, 4, '2'), width: fc.oneof(fc.integer({ min: -1, max: 300 }), fc.constant(undefined)), height: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(undefined)),
  idle_time_limit: fc.option(fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), fc.constant(-1)), { nil: undefined }),
  command: fc.option(fc.oneof(command, fc.constant('bash')), { nil: undefined }), term: fc.option(fc.record({ cols: fc.integer({ min: 0, max: 200 }), rows: fc.integer({ min: 1, max: 60 }) }), { nil: undefined }),
  idle_time_limt: fc.option(fc.constant(1), { nil: undefined }), env: fc.option(fc.constantFrom({ SHELL: '/bin/bash' }, { A: null }, { B: 1 }, 'x'), { nil: undefined }),
});
/** Casts from the asciicast grammar (v1, v2, v3, broken), and mutated real casts. */
export const cast: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(headerV2, fc.array(eventLine, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([h, ev, eol, bom]) => (bom ? '\uFEFF' : '') + [JSON.stringify(h), ...ev].join(eol) + eol) },
  { weight: 1, arbitrary: fc.array(fc.tuple(time, data), { maxLength: 6 }).map((frames) => JSON.stringify({ version: 1, width: 80, height: 24, stdout: frames.map(([t, d]) => [typeof t === 'number' ? t : 0, typeof d === 'string' ? d : 1]) }, null, 2)) },
  { weight: 4, arbitrary: mutated(REAL_CASTS, 5) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
);

// ---------- lexicon ----------

const lexLine = fc.oneof(
  fc.tuple(word, fc.oneof(sentence, fc.constantFrom('', '[a, b]', '{x: 1}', 'null', '"q'))).map(([w, v]) => `${w}: ${v}`),
  fc.constantFrom('# comment', ': value', 'key:', '- item', 'a: b: c', '  indented: x', 'dup: one', 'dup: two', '"quoted key": x', '? complex', '\t tab: x'),
);
/** Lexicon files from its grammar, and mutations of the course's lexicon. */
export const lexicon: fc.Arbitrary<string> = fc.oneof(
  fc.array(lexLine, { maxLength: 10 }).map((l) => l.join('\n') + '\n'),
  mutated([LEXICON], 6),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Frontmatter texts: a block from the grammar followed by a little body, or a mutated seed's head. */
export const frontmatterText: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(frontmatter, fc.oneof(paragraph, fc.constant(''))).map(([f, b]) => f + b),
  mutated(SEEDS.map((s) => s.slice(0, 400)), 6),
  fc.tuple(fc.constantFrom('---\n', '---\r\n', '\uFEFF---\n'), fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('\n---\n', '\n...\n', '')).map(([a, b, c]) => a + b + c),
);

// ---------- HTML for the renderer ----------

const tag = fc.constantFrom('img', 'script', 'svg', 'iframe', 'a', 'style', 'div', 'math', 'object', 'embed', 'input', 'details', 'form', 'base', 'meta', 'link', 'noscript', 'template', 'p', 'span', 'table', 'code', 'pre', 'textarea', 'title', 'xmp');
const attr = fc.tuple(fc.constantFrom('src', 'href', 'onerror', 'onload', 'style', 'id', 'name', 'class', 'srcdoc', 'xlink:href', 'formaction', 'data', 'action', 'open', 'ontoggle', 'ONclick'),
  fc.constantFrom('x', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', '&#106;avascript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'https://ok', 'alert(1)', '"><script>alert(1)</script>', 'position:fixed', 'lessoncast-data', '//evil'),
  fc.constantFrom(0, 1, 2))
  .map(([a, v, q]) => (q === 0 ? `${a}="${v}"` : q === 1 ? `${a}='${v}'` : `${a}=${v.replace(/\s/g, '')}`));
const element: fc.Arbitrary<string> = fc.tuple(tag, fc.array(attr, { maxLength: 3 }), fc.oneof(sentence, fc.constant('')), fc.boolean())
  .map(([t, a, inner, close]) => `<${t}${a.length ? ' ' + a.join(' ') : ''}>${inner}${close ? `</${t}>` : ''}`);
/** Slide markdown full of HTML (allowed there, sanitized) and inline markdown. */
export const slideMarkdown: fc.Arbitrary<string> = fc.tuple(fc.array(fc.oneof(element, block, inlinePiece, fc.constantFrom('<!--', '-->', '<![CDATA[', ']]>', '</', '<', '>')), { maxLength: 12 }), fc.constantFrom('', ' ', '\n', '\n\n'))
  .map(([p, sep]) => p.join(sep));

// ---------- nesting past the limit (docs/limits.md) ----------

/** A script with one deeply nested part; `depth` is how deep it nests, when that is exact (null: mixed shapes). */
export interface NestedScript { text: string; depth: number | null; kind: string }

const containerMarker = fc.constantFrom('> ', '- ', '* ', '+ ', '1. ', '2) ', '>');
const emphasis = fc.constantFrom(['**', '**'], ['*a ', ' a*'], ['_a ', ' a_'], ['~~a ', ' a~~'], ['***', '***']);
/** Mostly around the limit and a few times past it; now and then thousands deep, as the issue's scripts. */
const nestDepth = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 3, arbitrary: fc.integer({ min: 100, max: 400 }) }, { weight: 1, arbitrary: fc.integer({ min: 400, max: 3000 }) });

/** Plain words for the exact shapes (an empty or odd sentence can turn `- - -` into a rule). */
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => `and ${w.join(' ')}`);
const nestedPart: fc.Arbitrary<{ text: string; depth: number | null; kind: string; frontmatter?: boolean }> = fc.oneof(
  // Quote and list markers on one line: each opens a level (`* * *` may be a rule, so its depth is not claimed).
  fc.tuple(containerMarker, nestDepth, words).map(([m, d, s]) => ({ text: m.repeat(d) + s, depth: m === '* ' ? null : d, kind: `markers ${JSON.stringify(m)}` })),
  fc.tuple(fc.array(containerMarker, { minLength: 1, maxLength: 400 }), sentence).map(([ms, s]) => ({ text: ms.join('') + s, depth: null, kind: 'mixed markers' })),
  // A list nested by indentation, a level a line, sometimes with blank lines between.
  fc.tuple(fc.integer({ min: 1, max: 70 }), fc.constantFrom('- ', '* ', '1. '), fc.boolean(), words).map(([d, m, blanks, s]) => ({
    text: Array.from({ length: d }, (_, i) => ' '.repeat(m.length * i) + m + s).join(blanks ? '\n\n' : '\n'), depth: d, kind: `indented list ${JSON.stringify(m)}${blanks ? ' with blank lines' : ''}` })),
  // Quotes deepening a line at a time.
  fc.tuple(fc.integer({ min: 1, max: 70 }), words).map(([d, s]) => ({ text: Array.from({ length: d }, (_, i) => '>'.repeat(i + 1) + ' ' + s).join('\n'), depth: d, kind: 'quote lines' })),
  // Emphasis and strikethrough inside each other.
  fc.tuple(emphasis, fc.integer({ min: 1, max: 200 }), word).map(([[a, b], d, w]) => ({ text: `Say ${a.repeat(d)}${w}${b.repeat(d)}.`, depth: a === '***' ? null : d, kind: `emphasis ${JSON.stringify(a)}` })),
  fc.tuple(fc.integer({ min: 1, max: 300 }), word).map(([d, w]) => ({ text: '['.repeat(d) + w + '](u)'.repeat(d), depth: null, kind: 'links' })),
  fc.tuple(fc.integer({ min: 1, max: 300 }), word).map(([d, w]) => ({ text: '<div>'.repeat(d) + w + '</div>'.repeat(d), depth: null, kind: 'html' })),
  // Unclosed fences one after another (the parser's walk once recursed on each).
  fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('```bash', '```', '~~~popup', '````')).map(([d, f]) => ({ text: Array.from({ length: d }, (_, i) => `${f}\n$ echo ${i}`).join('\n'), depth: null, kind: `unclosed fences ${f}` })),
  // Frontmatter YAML nested as flow collections, block mappings or sequences (depth: as docs/limits.md counts it).
  fc.tuple(fc.constantFrom('[', '{a: ', 'block', '- '), nestDepth).map(([k, d]) => {
    const dd = k === 'block' ? Math.min(d, 300) : d;
    const yaml = k === '[' ? `title: ${'['.repeat(dd)}${']'.repeat(dd)}` : k === '{a: ' ? `title: ${'{a: '.repeat(dd)}1${'}'.repeat(dd)}` : k === '- ' ? `items:\n${'- '.repeat(dd)}x` : Array.from({ length: dd }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + ' 1';
    return { text: `---\n${yaml}\n---\n`, depth: k === 'block' ? dd - 1 : dd, kind: `frontmatter ${JSON.stringify(k)}`, frontmatter: true };
  }),
);

/** One deeply nested part first (so no block before it can swallow it), then blocks from the grammar. */
export const nestedScript: fc.Arbitrary<NestedScript> = fc.tuple(nestedPart, fc.array(block, { maxLength: 4 }))
  .map(([part, after]) => ({ text: part.text + (part.frontmatter ? '' : '\n\n') + after.join('\n\n') + '\n', depth: part.depth, kind: part.kind }));
