import { describe, expect, it } from 'vitest';
import { updateScript } from '../../src/check/update-script.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { lessonCommands } from '../../src/types.ts';

const parse = (text: string) => parseLesson(text, { file: 't.md', slug: 't' });
const commandsOf = (text: string) => lessonCommands(parse(text));

describe('updateScript: check --update writes real output under its command, every other byte kept', () => {
  it('CRLF, a BOM and trailing spaces elsewhere stay byte for byte; output is replaced, added and removed', () => {
    const src = '\uFEFF# T\r\n\r\nSay it.  \r\n\r\n```bash\r\n$ echo a\r\nold\r\nold 2\r\n\r\n$ echo b\r\n$ echo c\r\nc\r\n```\r\nAfter.\t\r\n';
    const [a, b, c] = commandsOf(src);
    const r = updateScript(src, [{ command: a, lines: ['new'] }, { command: b, lines: ['b1', '', 'b2'] }, { command: c, lines: [] }], parse);
    expect(r.refused).toEqual([]);
    expect(r.text).toBe('\uFEFF# T\r\n\r\nSay it.  \r\n\r\n```bash\r\n$ echo a\r\nnew\r\n\r\n$ echo b\r\nb1\r\n\r\nb2\r\n$ echo c\r\n```\r\nAfter.\t\r\n');
    expect(commandsOf(r.text).map((x) => x.output)).toEqual([['new'], ['b1', '', 'b2'], null]);
  });

  it('an indented block: new lines take the command line\'s indentation; an LF file stays LF', () => {
    const src = '# I\n\n  ```bash\n  $ ls\n  a.txt\n  ```\n';
    const [ls] = commandsOf(src);
    const r = updateScript(src, [{ command: ls, lines: ['a.txt', 'b.txt'] }], parse);
    expect(r.text).toBe('# I\n\n  ```bash\n  $ ls\n  a.txt\n  b.txt\n  ```\n');
  });

  it('refuses output that would read as a command, a direction or a closing fence, and commands that cannot take output; the rest is written', () => {
    const src = '# T\n\n```bash\n$ echo a\n$ echo b\n$ echo c\n$ echo d # no output\n```\n\n```bash\npwd\n```\n';
    const [a, b, c, d, pwd] = commandsOf(src);
    const r = updateScript(src, [
      { command: a, lines: ['kubectl get pods'] },
      { command: b, lines: ['```'] },
      { command: c, lines: ['fine'] },
      { command: d, lines: ['oops'] },
      { command: pwd, lines: ['/home/me'] },
    ], parse);
    expect(r.applied.map((u) => u.command.command)).toEqual(['echo c']);
    expect(Object.fromEntries(r.refused.map((x) => [x.update.command.command, x.reason.split(':')[0]]))).toEqual({
      'echo a': 'a line of its output would be read as a command or a direction',
      'echo b': 'its output has a line that would close the code block ("```")',
      'echo d': 'it is marked `# no output` but printed something',
      pwd: 'its block has no `$` lines, so every line of it is a command',
    });
    expect(r.text).toBe('# T\n\n```bash\n$ echo a\n$ echo b\n$ echo c\nfine\n$ echo d # no output\n```\n\n```bash\npwd\n```\n');
  });
});
