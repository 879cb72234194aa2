/** Dialect rules (DESIGN.md §3), positions and bad input: each gives IR or diagnostics, never a crash. */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { openCourse } from '../../src/course.ts';
import { lessonCommands, lessonNarration, type Command, type Direction, type Lesson } from '../../src/types.ts';

const parse = (src: string, slug = 'demo-lesson') => parseLesson(src, { file: `transcripts/${slug}.md`, slug });
const codes = (l: Lesson) => l.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
const steps = (l: Lesson) => l.scenes.flatMap((s) => s.items).flatMap((i) => (i.type === 'terminal' ? i.steps : []));

describe('title', () => {
  it('comes from frontmatter, else the first H1 unless it is "Transcript", else the file name', () => {
    expect(parse('---\ntitle: From YAML\n---\n# Heading\n\nHi.').title).toBe('From YAML');
    expect(parse('# Real Title\n\nHi.')).toMatchObject({ title: 'Real Title', titleSource: 'h1' });
    expect(parse('# Transcript\n\nHi.', 'services-and-dns')).toMatchObject({ title: 'Services and DNS', titleSource: 'filename' });
    expect(parse('Hi.', 'pod-to-pod-networking').title).toBe('Pod to pod networking');
  });
});

describe('scenes', () => {
  it('maps kinds, makes an implicit first scene and numbers them', () => {
    const l = parse('Intro text.\n\n## powerpoint slide\n\nA slide.\n\n## vscode\n\n```bash\npwd\n```\n\n## terminal: pods\n\nMore.');
    expect(l.scenes.map((s) => [s.id, s.kind, s.heading, s.implicit])).toEqual([
      ['scene-1', 'slide', null, true], ['scene-2', 'slide', 'powerpoint slide', false], ['scene-3', 'desktop', 'vscode', false], ['scene-4', 'desktop', 'terminal: pods', false],
    ]);
    expect(l.diagnostics).toEqual([]);
  });
  it('an implicit scene with a terminal block is a desktop scene', () => {
    expect(parse('Text.\n\n```bash\npwd\n```').scenes[0].kind).toBe('desktop');
  });
  it('unknown kind: warning with the nearest kind, scene kept (near miss takes that kind)', () => {
    const l = parse('## vscdoe\n\nText.\n\n## whiteboard\n\nMore.');
    expect(l.diagnostics.map((d) => [d.code, d.line, d.column, d.hint?.slice(0, 24)])).toEqual([
      ['unknown-scene-kind', 1, 4, 'did you mean "vscode"? S'], ['unknown-scene-kind', 5, 4, expect.stringMatching(/^did you mean "/)],
    ]);
    expect(l.scenes.map((s) => s.kind)).toEqual(['desktop', 'slide']);
  });
});

describe('notes', () => {
  it('TODO lines, the Structure plan and HTML comments are kept out of narration', () => {
    const l = parse('TODO: write intro\n\nStructure:\nvscode\n-> powerpoint intro\n-> vscode\n\nSpoken one.\nTODO: not spoken\nSpoken two <!-- hidden --> end.\n\n<!--\nblock comment\n-->\n\nLast.');
    expect(lessonNarration(l).map((n) => n.plain)).toEqual(['Spoken one. Spoken two end.', 'Last.']);
    expect(l.notes.map((n) => [n.kind, n.pos.line, n.pos.column, n.text])).toEqual([
      ['todo', 1, 1, 'TODO: write intro'], ['structure', 3, 1, 'Structure:\nvscode\n-> powerpoint intro\n-> vscode'],
      ['todo', 9, 1, 'TODO: not spoken'], ['comment', 10, 12, 'hidden'], ['comment', 12, 1, 'block comment'],
    ]);
    expect(l.structure!.map((s) => [s.text, s.kind, s.pos.line, s.pos.column])).toEqual([['vscode', 'desktop', 4, 1], ['powerpoint intro', 'slide', 5, 4], ['vscode', 'desktop', 6, 4]]);
  });
});

describe('terminal blocks', () => {
  it('$ commands take the following lines as output; a bare line that starts like a command is a command', () => {
    const l = parse('```bash\n$ kubectl apply -f a.yml   \npod/a created\n\n\nkubectl get pods -o wide\n$ echo hi\n```');
    const cmds = lessonCommands(l);
    expect(cmds.map((c) => [c.id, c.index, c.command, c.output, c.explicit, c.pos.line, c.pos.endLine])).toEqual([
      ['cmd-1', 0, 'kubectl apply -f a.yml', ['pod/a created'], true, 2, 3],
      ['cmd-2', 1, 'kubectl get pods -o wide', null, false, 6, 6],
      ['cmd-3', 2, 'echo hi', null, true, 7, 7],
    ]);
  });
  it('a block without $ lines: every line is a command; directions are recognised leniently', () => {
    const l = parse('```sh\npwd\ncode configs/a.yml \nSwitch to terminal  \nswitch to bash terminal (ctrl+~)\nclear\ncmd+k\nCtrl+L\nls -la\n```');
    expect(steps(l).map((s) => (s.type === 'command' ? `cmd:${s.command}` : `${s.action}:${s.path ?? ''}`))).toEqual([
      'cmd:pwd', 'open-file:configs/a.yml', 'focus-terminal:', 'focus-terminal:', 'clear:', 'clear:', 'clear:', 'cmd:ls -la',
    ]);
    expect(lessonCommands(l).every((c) => !c.explicit && c.output === null)).toBe(true);
  });
  it('a bare line counts as a command when a $ command of the lesson starts with the same word', () => {
    const l = parse('```bash\n$ mytool run\n```\n\n```bash\n$ mytool build\nbuilding\nmytool test\nnot a command\n```');
    expect(lessonCommands(l).map((c) => [c.command, c.output])).toEqual([['mytool run', null], ['mytool build', ['building']], ['mytool test', ['not a command']]]);
  });
  it('flags placeholders with their column', () => {
    const l = parse('```bash\nkubectl exec ... -- curl http://xxxxxx\nkubectl exec -- curl....\nkubectl logs <pod-name>\ncode ...\n```');
    const s = steps(l) as (Command | Direction)[];
    expect(s.map((x) => x.placeholders)).toEqual([
      [{ text: '...', column: 14 }, { text: 'xxxxxx', column: 33 }], [{ text: '....', column: 21 }], [{ text: '<pod-name>', column: 14 }], [{ text: '...', column: 6 }],
    ]);
  });
  it('other fenced blocks are code, popups are callouts', () => {
    const l = parse('```yaml\nkind: Pod\n```\n\n```popup\ncurl http://apache.local\n```\n\n```\nplain\n```');
    expect(l.scenes[0].items.map((i) => [i.type, i.id])).toEqual([['code', 'code-1'], ['popup', 'popup-1'], ['code', 'code-2']]);
    expect(l.scenes[0].items[0]).toMatchObject({ lang: 'yaml', code: 'kind: Pod' });
    expect(l.scenes[0].items[1]).toMatchObject({ text: 'curl http://apache.local', pos: { line: 5, column: 1, endLine: 7 } });
  });
});

describe('narration', () => {
  it('paragraphs and list items, inline markdown kept in text and stripped in plain, stable ids', () => {
    const l = parse('Run `kubectl get pods` *now*, see [docs](http://x.io).\n\n- first item\n- second **item**\n\nRun `kubectl get pods` again.');
    const n = lessonNarration(l);
    expect(n.map((x) => [x.id, x.listItem, x.plain])).toEqual([
      ['run-kubectl-get-pods-now-see', false, 'Run kubectl get pods now, see docs.'],
      ['first-item', true, 'first item'], ['second-item', true, 'second item'],
      ['run-kubectl-get-pods-again', false, 'Run kubectl get pods again.'],
    ]);
    expect(n[0].text).toBe('Run `kubectl get pods` *now*, see [docs](http://x.io).');
    expect(n[2].sentences[0].pos).toMatchObject({ line: 4, column: 3 });
  });
  it('dedupes ids and keeps sentence positions across lines', () => {
    const l = parse('Same start here.\n\nSame start here too. And a second\nline sentence.');
    const n = lessonNarration(l);
    expect(n.map((x) => x.id)).toEqual(['same-start-here', 'same-start-here-too-and-a']);
    expect(n[1].sentences.map((s) => [s.text, s.pos.line, s.pos.column, s.pos.endLine])).toEqual([['Same start here too.', 3, 1, 3], ['And a second line sentence.', 3, 22, 4]]);
  });
});

describe('bad input', () => {
  it('empty file → empty-lesson error', () => {
    expect(codes(parse(''))).toEqual(['empty-lesson@1:1']);
    expect(codes(parse('\n\n  \n'))).toEqual(['empty-lesson@1:1']);
  });
  it('CRLF and a BOM keep line and column numbers', () => {
    const lf = parse('# T\n\n## vscode\n\nHello there. Second.\n\n```bash\n$ ls\nfile\n```\n');
    const crlf = parse('\uFEFF# T\r\n\r\n## vscode\r\n\r\nHello there. Second.\r\n\r\n```bash\r\n$ ls\r\nfile\r\n```\r\n');
    expect(crlf).toEqual(lf);
    expect(lessonNarration(crlf)[0].sentences[1].pos).toMatchObject({ line: 5, column: 14 });
    expect(lessonCommands(crlf)[0]).toMatchObject({ command: 'ls', output: ['file'] });
  });
  it('tabs: inside text they are kept; a tab-indented paragraph is flagged as indented code', () => {
    const l = parse('Text\twith tab.\n\n\tIndented by a tab.\n\n```bash\n$\tls\t\nfile\n```');
    expect(lessonNarration(l)[0].plain).toBe('Text with tab.');
    expect(codes(l)).toEqual(['indented-code@3:1']);
    expect(lessonCommands(l)[0]).toMatchObject({ command: 'ls', output: ['file'] });
  });
  it('unclosed fence → error at the opening line; the text after a blank line is read again as markdown', () => {
    const l = parse('Before.\n\n```bash\n$ ls\nfile\n\nAfter the block.\n');
    expect(codes(l)).toEqual(['unclosed-fence@3:1']);
    expect(lessonCommands(l)[0]).toMatchObject({ command: 'ls', output: ['file'] });
    expect(lessonNarration(l).map((n) => [n.plain, n.pos.line])).toEqual([['Before.', 1], ['After the block.', 7]]);
  });
  it('a fence missing its close before the next block is caught too', () => {
    const l = parse('```bash\n$ ls\n\nText.\n\n```bash\n$ pwd\n```\n');
    expect(codes(l)).toEqual(['unclosed-fence@1:1']);
    expect(lessonCommands(l).map((c) => c.command)).toEqual(['ls', 'pwd']);
    expect(lessonNarration(l).map((n) => n.plain)).toEqual(['Text.']);
  });
  it('an empty popup → warning, no popup item', () => {
    const l = parse('Text.\n\n```popup\n\n```\n');
    expect(codes(l)).toEqual(['empty-popup@3:1']);
    expect(l.scenes[0].items.map((i) => i.type)).toEqual(['narration']);
  });
  it('frontmatter that is not YAML → error with its line; the body is still parsed with right lines', () => {
    const l = parse('---\ntitle: ok\nterminal: [80, \n---\n\nHello.\n');
    expect(l.diagnostics[0]).toMatchObject({ code: 'invalid-frontmatter', severity: 'error', line: 3, column: 16, message: expect.stringContaining('not valid YAML') });
    expect(lessonNarration(l)[0].pos.line).toBe(6);
  });
  it('frontmatter with wrong types → error at the key (nested keys too), defaults used; an unknown key is reported', () => {
    const l = parse('---\ntitle: T\nterminal:\n  cols: wide\n  rows: 30\npace: fast\nlevel: 2\n---\nHello.\n');
    expect(codes(l)).toEqual(['invalid-frontmatter@4:3', 'invalid-frontmatter@6:1', 'unknown-frontmatter-key@7:1']);
    expect(l.meta).toMatchObject({ title: 'T', pace: 'natural', terminal: { cols: 80, rows: 30 }, extra: { level: 2 } });
  });
  it('frontmatter never closed → error, the rest read as markdown', () => {
    const l = parse('---\nHello there.\n');
    expect(codes(l)).toEqual(['invalid-frontmatter@1:1']);
    expect(lessonNarration(l)[0].plain).toBe('Hello there.');
  });
  it('a 10,000-line script parses quickly with the right last line', () => {
    const para = 'Another line of narration for the long script.\n\n';
    const src = para.repeat(4999) + '```bash\n$ echo end\n```\n';
    expect(src.split('\n').length).toBeGreaterThanOrEqual(10_000);
    const t = performance.now();
    const l = parse(src);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(lessonNarration(l)).toHaveLength(4999);
    expect(lessonCommands(l)[0].pos.line).toBe(10_000);
  });
  it('binary bytes and invalid UTF-8 → binary-file diagnostic; a missing file → LessoncastError naming the path', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lc-parse-'));
    mkdirSync(join(root, 'transcripts'));
    writeFileSync(join(root, 'transcripts/bin.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff]));
    writeFileSync(join(root, 'transcripts/latin1.md'), Buffer.from('Caf\xe9 line\nsecond \xe9\n', 'latin1'));
    const course = await openCourse({ root });
    const bin = await readLesson(course, 'bin');
    expect(bin.diagnostics).toEqual([expect.objectContaining({ code: 'binary-file', severity: 'error', file: 'transcripts/bin.md', line: 3, column: 1 })]);
    expect(bin.scenes).toEqual([]);
    expect((await readLesson(course, 'latin1')).diagnostics).toEqual([expect.objectContaining({ code: 'binary-file', line: 1, column: 4 })]);
    await expect(readLesson(course, 'nope')).rejects.toMatchObject({ name: 'LessoncastError', message: expect.stringContaining(join(root, 'transcripts/nope.md')) });
  });
});
