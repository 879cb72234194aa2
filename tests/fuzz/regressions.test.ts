/** Inputs the fuzzer found that broke a property, kept as plain tests (each failed before its fix). */
import { describe, expect, it } from 'vitest';
import { inspectJson } from '../../src/commands/inspect.ts';
import { parseLexicon } from '../../src/narrate/read-lexicon.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { readFrontmatter } from '../../src/parse/read-frontmatter.ts';
import { assertInside } from './properties.ts';

describe('fuzzer finds', () => {
  it('a fence whose info string holds U+2028 does not crash the parser', () => {
    const lesson = parseLesson('```b\u2028sh {x}\n$ echo "unterminated\n```\n\ncode a\u2028b\n', { file: 'f.md', slug: 'f' });
    expect(lesson.scenes[0].items[0]).toMatchObject({ type: 'code', lang: 'b' });
  });

  it('YAML tags in frontmatter (!!binary, !!set, .inf, -0) keep the IR plain JSON: inspect --json parses back', () => {
    const lesson = parseLesson('---\nprompt: !!binary aGk=\nset: !!set {a, b}\nbig: .inf\nzero: -0\nwhen: 2024-01-01\n---\nHello.\n', { file: 'f.md', slug: 'f' });
    expect(lesson.meta.extra).toEqual({ prompt: 'aGk=', set: ['a', 'b'], big: 'Infinity', zero: 0, when: '2024-01-01' });
    expect(JSON.parse(inspectJson(lesson))).toStrictEqual(lesson);
  });

  it('an unknown YAML tag is read as a string, with no warning printed by the yaml package', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      expect(typeof readFrontmatter('---\npace: !Wj\n---\n', 'f.md').data.pace).toBe('string');
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('lexicon syntax errors point inside their line (yaml\'s own line counter ran past it)', () => {
    const text = "# lexicon\n    - x\n    - y\n-\\ DNS *ClusterIP* \t Mr. its http://apache.localcluster\n- <script>x</script>of this: written word → what\n";
    const { diagnostics } = parseLexicon(text, 'lexicon.yml');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(() => assertInside(text, diagnostics, 'lexicon.yml', /\r?\n/)).not.toThrow();
    expect(diagnostics.every((d) => !/ at line \d+, column \d+/.test(d.message))).toBe(true);
  });
});
