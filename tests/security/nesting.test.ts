/**
 * The nesting limit (docs/limits.md): deep nesting of every kind a script, a slides file or a
 * frontmatter can hold is a `nesting-too-deep` error at the line where it passes the limit, never a
 * stack overflow; the content around it survives; one bad script never stops another lesson's build
 * (the real CLI, with the 6 KB scripts of the issue: 3000 nested `*`, 2000 `>`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/limits.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { prefixDepth } from '../../src/parse/lesson-parser.ts';
import { plainTextOf } from '../../src/parse/plain-text.ts';
import { yamlTooDeep } from '../../src/parse/yaml-depth.ts';
import { renderInline, renderSlideMarkdown } from '../../src/markdown/render-markdown.ts';
import { lessonNarration, type Lesson } from '../../src/types.ts';
import { lessoncast } from '../helpers/cli.ts';

const MAX = LIMITS.nestingDepth;
const parse = (src: string): Lesson => parseLesson(src, { file: 'transcripts/deep.md', slug: 'deep' });
const deepFindings = (l: Lesson) => l.diagnostics.filter((d) => d.code === 'nesting-too-deep');
const spoken = (l: Lesson) => lessonNarration(l).map((n) => n.plain);
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

/** Scripts whose deep part starts on line 3, after a paragraph, and a paragraph after it. */
const around = (deep: string) => `Before the deep part.\n\n${deep}\n\nAfter the deep part.\n`;

describe('markdown nesting in a script', () => {
  // Each: the script, and the line where the depth passes the limit.
  const cases: Record<string, [string, number]> = {
    '3000 nested *': [around('* '.repeat(3000) + 'hello'), 3],
    '2000 nested >': [around('> '.repeat(2000) + 'hello'), 3],
    '3000 nested 1.': [around('1. '.repeat(3000) + 'hello'), 3],
    'quotes and list items mixed': [around('> - '.repeat(1500) + 'hello'), 3],
    'a list nested by indentation, one level a line': [around(lines(200, (i) => ' '.repeat(2 * i) + `- item ${i}`)), 3 + MAX],
    'quotes deepening a level a line': [around(lines(200, (i) => '>'.repeat(i + 1) + ` line ${i}`)), 3 + MAX],
  };
  for (const [name, [src, line]] of Object.entries(cases)) {
    it(`${name}: one nesting-too-deep error at line ${line}, the text around it kept`, () => {
      const lesson = parse(src);
      expect(deepFindings(lesson)).toEqual([expect.objectContaining({ severity: 'error', file: 'transcripts/deep.md', line, column: 1 })]);
      expect(deepFindings(lesson)[0].message).toMatch(new RegExp(`more than ${MAX} levels deep`));
      const said = spoken(lesson);
      expect(said[0]).toBe('Before the deep part.');
      expect(said.at(-1)).toBe('After the deep part.');
    });
  }

  it('the deepest text is read as text, its markers not spoken', () => {
    expect(spoken(parse(around('* '.repeat(3000) + 'hello')))).toEqual(['Before the deep part.', 'hello', 'After the deep part.']);
    expect(spoken(parse(around('> '.repeat(2000) + 'hello')))).toEqual(['Before the deep part.', 'hello', 'After the deep part.']);
  });

  it('nesting up to the limit is no finding, one more level is', () => {
    expect(deepFindings(parse(around('> '.repeat(MAX) + 'hello')))).toEqual([]);
    expect(deepFindings(parse(around('- '.repeat(MAX) + 'hello')))).toEqual([]);
    expect(deepFindings(parse(around('> '.repeat(MAX + 1) + 'hello')))).toHaveLength(1);
    expect(deepFindings(parse(around('- '.repeat(MAX + 1) + 'hello')))).toHaveLength(1);
  });

  it('emphasis and strikethrough nested 3000 deep: an error at the paragraph, the words kept', () => {
    // (marked's link text holds one level of brackets at most: 3000 `[` are text, not links.)
    for (const inner of ['**'.repeat(3000) + 'deep' + '**'.repeat(3000), '*a '.repeat(3000) + 'deep' + ' a*'.repeat(3000), '~~a '.repeat(3000) + 'deep' + ' a~~'.repeat(3000)]) {
      const lesson = parse(around(inner));
      expect(deepFindings(lesson), inner.slice(0, 10)).toEqual([expect.objectContaining({ severity: 'error', line: 3, column: 1 })]);
      expect(spoken(lesson)[1]).toContain('deep');
    }
    expect(plainTextOf('**'.repeat(MAX) + 'x' + '**'.repeat(MAX))).toEqual({ plain: 'x', tooDeep: false });
    expect(plainTextOf('**'.repeat(MAX + 1) + 'x' + '**'.repeat(MAX + 1)).tooDeep).toBe(true);
  });

  it('3000 unclosed fences in a row: no stack overflow; the first 16 recovered, the rest one block to the end', () => {
    const lesson = parse(lines(3000, (i) => '```bash\n$ echo ' + i) + '\n');
    const unclosed = lesson.diagnostics.filter((d) => d.code === 'unclosed-fence');
    expect(unclosed).toHaveLength(LIMITS.fenceRecoveries + 1);
    expect(unclosed.at(-1)!.hint).toMatch(/more than 16 blocks are not closed: this one runs to the end of the script/);
    const blocks = lesson.scenes.flatMap((s) => s.items).filter((i) => i.type === 'terminal');
    expect(blocks).toHaveLength(LIMITS.fenceRecoveries + 1);
    expect(blocks[0].type === 'terminal' && blocks[0].steps.map((s) => s.type === 'command' && s.command)).toEqual(['echo 0']);
    expect(blocks.at(-1)!.pos.endLine).toBe(6000);
  });

  it('unclosed fences are recovered from at most LIMITS.fenceRecoveries times: the rest of the script is lexed again no more than that', () => {
    // Each recovery lexes the rest of the script again (quadratic for a script of unclosed fences);
    // past the limit a block runs to its end as marked read it. Counted, not timed: the machine is shared.
    const src = lines(2000, (i) => '```bash\n$ echo ' + i + '\n\nSaid ' + i + '.') + '\n';
    const unclosed = parse(src).diagnostics.filter((d) => d.code === 'unclosed-fence');
    const recovered = unclosed.filter((d) => !/blocks are not closed/.test(d.hint ?? ''));
    expect(recovered.length).toBe(LIMITS.fenceRecoveries);
    expect(unclosed.length).toBeGreaterThan(LIMITS.fenceRecoveries);
  });

  it('prefixDepth bounds a line\'s depth from its markers and indentation', () => {
    expect(prefixDepth('plain text')).toBe(0);
    expect(prefixDepth('> > quote')).toBe(2);
    expect(prefixDepth('- - - x')).toBe(3);
    expect(prefixDepth('      - x')).toBe(4);
    expect(prefixDepth('>>> - 1. x')).toBe(5);
    expect(prefixDepth('-not a marker')).toBe(0);
  });
});

describe('frontmatter nesting', () => {
  const cases: Record<string, [string, number]> = {
    'flow sequences [[[…': [`---\ntitle: ${'['.repeat(3000)}${']'.repeat(3000)}\n---\nHello.\n`, 2],
    'flow mappings {a: {a: …': [`---\ntitle: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n---\nHello.\n`, 2],
    'block mappings a level a line': [`---\n${lines(1000, (i) => ' '.repeat(i) + `k${i}:`)} 1\n---\nHello.\n`, 2 + MAX + 1],
    'sequences - - - …': [`---\nitems: \n${'- '.repeat(3000)}x\n---\nHello.\n`, 3],
  };
  for (const [name, [src, line]] of Object.entries(cases)) {
    it(`${name}: one nesting-too-deep error at line ${line}; the body is read`, () => {
      const lesson = parse(src);
      expect(deepFindings(lesson)).toEqual([expect.objectContaining({ severity: 'error', line, column: 1 })]);
      expect(lesson.diagnostics.filter((d) => d.code === 'invalid-frontmatter')).toEqual([]);
      expect(spoken(lesson)).toEqual(['Hello.']);
    });
  }

  it('ordinary frontmatter, and text in block scalars however indented, is not deep', () => {
    expect(yamlTooDeep('title: Pods\nterminal:\n  cols: 100\n  rows: 30\n', MAX)).toBeNull();
    expect(yamlTooDeep(`note: |\n${' '.repeat(80)}indented text\nvoice: slt\n`, MAX)).toBeNull();
    expect(yamlTooDeep(`a: ${'['.repeat(MAX)}${']'.repeat(MAX)}\n`, MAX)).toBeNull();
    expect(yamlTooDeep(`a: ${'['.repeat(MAX + 1)}${']'.repeat(MAX + 1)}\n`, MAX)).toEqual({ line: 1, depth: MAX + 1 });
  });
});

describe('the renderer (slides, notes, site)', () => {
  it('renders deep nesting of every kind without overflowing', () => {
    const inputs = ['> '.repeat(3000) + 'x', '* '.repeat(3000) + 'x', '**'.repeat(3000) + 'x' + '**'.repeat(3000), '['.repeat(3000) + 'x' + '](u)'.repeat(3000),
      '['.repeat(3000) + 'a' + ']'.repeat(3000) + '\n\n[a]: https://example.com\n', '<div>'.repeat(3000) + 'x' + '</div>'.repeat(3000)];
    for (const md of inputs) {
      expect(renderSlideMarkdown(md).html, md.slice(0, 8)).toContain('x');
      expect(renderInline(md.split('\n')[0]), md.slice(0, 8)).toContain(md.includes('[a]') ? 'a' : 'x');
    }
  });
});

describe('one bad script never stops another lesson (the real CLI)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lessoncast-nesting-'));
    mkdirSync(join(root, 'transcripts'));
    writeFileSync(join(root, 'transcripts', 'healthy.md'), '# Healthy\n\nA healthy lesson says one thing.\n');
    // The issue's scripts: 6 KB each.
    writeFileSync(join(root, 'transcripts', 'stars.md'), '* '.repeat(3000) + 'hello\n');
    writeFileSync(join(root, 'transcripts', 'quotes.md'), '> '.repeat(2000) + 'hello\n');
  });
  afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

  it('lint: a nesting-too-deep error at the line, exit 1, no stack trace', () => {
    const r = lessoncast(['lint', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/transcripts\/stars\.md:1:1 error nesting-too-deep quotes and lists are nested more than 32 levels deep/);
    expect(r.stdout).toMatch(/transcripts\/quotes\.md:1:1 error nesting-too-deep/);
    expect(r.stdout).toMatch(/healthy: 0 errors/);
    expect(r.stdout + r.stderr).not.toMatch(/RangeError|internal error|    at /);
  });

  it('build --deck of the healthy lesson succeeds with the bad scripts beside it', () => {
    const r = lessoncast(['build', 'healthy', '--deck', '--root', root]);
    expect(r.stderr).not.toMatch(/RangeError|internal error/);
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'build', 'healthy', 'deck', 'index.html'))).toBe(true);
    expect(readFileSync(join(root, 'build', 'healthy', 'deck', 'index.html'), 'utf8')).toContain('A healthy lesson says one thing.');
  });
});
