/** Lint of the author's timing: markers that start no step or the wrong kind of step, line ranges of `code <path>:<from>-<to>`. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { markerRules } from '../../src/lint/rules/marker-rules.ts';
import { lineRangeRule } from '../../src/lint/rules/line-range-rule.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { openCourse } from '../../src/course.ts';

const parse = (src: string) => parseLesson(src, { file: 't.md', slug: 't' });
const found = (ds: { code: string; line: number; column: number }[]) => ds.map((d) => `${d.code}@${d.line}:${d.column}`);

describe('marker rules', () => {
  it('each marker takes the next step before the next paragraph; too many markers, or the wrong kind named, are errors', () => {
    const l = parse([
      'Open it {next file} and run it {next command}, then more {next}.', '',
      '```bash', 'code configs/a.yml', '$ kubectl apply -f configs/a.yml', '```', '',
      'A callout {next command} here.', '', '```popup', 'hello', '```', '',
      'Nothing follows {next}.', '',
    ].join('\n'));
    expect(found(markerRules(l))).toEqual(['marker-without-step@1:58', 'marker-target-mismatch@8:11', 'marker-without-step@14:17']);
    expect(markerRules(l)[1].message).toBe('{next command}: the step it starts is a popup, not a command');
  });

  it('a pause is no step; steps of several blocks count in order', () => {
    const l = parse('Go {next clear} now {next popup}.\n\n{pause 1s}\n\n```bash\nclear\n```\n\n```popup\nx\n```\n');
    expect(markerRules(l)).toEqual([]);
  });
});

describe('line ranges', () => {
  const root = mkdtempSync(join(tmpdir(), 'lessoncast-lines-'));
  mkdirSync(join(root, 'configs'));
  mkdirSync(join(root, 'transcripts'));
  writeFileSync(join(root, 'configs', 'long.yml'), Array.from({ length: 70 }, (_, i) => `line${i + 1}: ${i + 1}`).join('\n') + '\n');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('a range past the end is a warning, a range that is none an error; the file exists check stays missing-file\'s', () => {
    const l = parse('```bash\ncode configs/long.yml:40-43\ncode configs/long.yml:68-80\ncode configs/long.yml:90\ncode configs/long.yml:9-3\ncode configs/long.yml:0\ncode configs/none.yml:1-2\n```\n');
    const ds = lineRangeRule(l, root);
    expect(found(ds)).toEqual(['line-range-outside-file@3:23', 'line-range-outside-file@4:23', 'invalid-line-range@5:23', 'invalid-line-range@6:23']);
    expect(ds[0]).toMatchObject({ message: '`code configs/long.yml:68-80`: configs/long.yml has 70 lines', hint: 'the editor marks lines 68-70' });
    expect(ds[2].hint).toBe('write configs/long.yml:3-9');
  });

  it('lint reports them with the parser\'s marker and pause findings', async () => {
    writeFileSync(join(root, 'transcripts', 'm.md'), 'Look {nxt} at {next} it.\n\n{pause soon}\n\n```bash\ncode configs/long.yml:80\n```\n');
    const course = await openCourse({ root });
    const ds = await lintLesson(course, parseLesson((await import('node:fs')).readFileSync(join(root, 'transcripts', 'm.md'), 'utf8'), { file: 'transcripts/m.md', slug: 'm' }));
    expect(ds.filter((d) => ['unknown-marker', 'invalid-pause', 'line-range-outside-file', 'marker-without-step'].includes(d.code)).map((d) => `${d.code}@${d.line}`))
      .toEqual(['unknown-marker@1', 'invalid-pause@3', 'line-range-outside-file@6']);
  });
});
