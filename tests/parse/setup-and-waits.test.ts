import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { parseWait, waitSeconds } from '../../src/parse/wait-directive.ts';
import { splitAnnotation } from '../../src/parse/command-annotations.ts';
import { lessonCommands } from '../../src/types.ts';

const parse = (src: string) => parseLesson(src, { file: 't.md', slug: 't' });

const SCRIPT = `# Server

\`\`\`bash setup
$ python3 -m http.server 8000 &
wait for "Serving HTTP" 5s
echo ready
\`\`\`

We look at it.

\`\`\`bash
wait up to 5s until curl -sf http://127.0.0.1:8000/
$ curl -sI http://127.0.0.1:8000/
HTTP/1.0 200 OK
$ export X=1   # no output
$ false # exit 1
wait for /done\\s+\\d+/i
\`\`\`

\`\`\`sh
$ echo next
\`\`\`

\`\`\`bash teardown
kill %1
\`\`\`
`;

describe('bash setup / bash teardown blocks, wait directives, annotations (docs/ir.md)', () => {
  const lesson = parse(SCRIPT);

  it('setup and teardown are the lesson\'s, with positions; never scene items', () => {
    expect(lesson.setup).toEqual([{
      type: 'setup', id: 'setup-1', lang: 'bash', pos: { file: 't.md', line: 3, column: 1, endLine: 7 },
      raw: '```bash setup\n$ python3 -m http.server 8000 &\nwait for "Serving HTTP" 5s\necho ready\n```',
      steps: [
        { type: 'script', code: 'python3 -m http.server 8000 &', pos: { file: 't.md', line: 4, column: 1, endLine: 4 } },
        { type: 'wait', kind: 'output', pattern: 'Serving HTTP', flags: '', timeoutSeconds: 5, pos: { file: 't.md', line: 5, column: 1, endLine: 5 }, raw: 'wait for "Serving HTTP" 5s' },
        { type: 'script', code: 'echo ready', pos: { file: 't.md', line: 6, column: 1, endLine: 6 } },
      ],
    }]);
    expect(lesson.teardown?.map((t) => [t.id, t.steps])).toEqual([['teardown-1', [{ type: 'script', code: 'kill %1', pos: { file: 't.md', line: 25, column: 1, endLine: 25 } }]]]);
    expect(lesson.scenes.flatMap((s) => s.items.map((i) => i.type))).toEqual(['narration', 'terminal', 'terminal']);
    expect(lesson.diagnostics).toEqual([]);
  });

  it('waits go to the next command (across blocks); annotations are cut from the typed command', () => {
    const [curl, exp, fail, echo] = lessonCommands(lesson);
    expect(curl.waits).toEqual([{ type: 'wait', kind: 'command', command: 'curl -sf http://127.0.0.1:8000/', timeoutSeconds: 5, pos: { file: 't.md', line: 12, column: 1, endLine: 12 }, raw: 'wait up to 5s until curl -sf http://127.0.0.1:8000/' }]);
    expect(curl.output).toEqual(['HTTP/1.0 200 OK']);
    expect([exp.command, exp.expect, exp.raw]).toEqual(['export X=1', { noOutput: true }, '$ export X=1   # no output']);
    expect([fail.command, fail.expect]).toEqual(['false', { exit: 1 }]);
    expect(echo.waits?.map((w) => [w.pattern, w.flags, w.timeoutSeconds])).toEqual([['done\\s+\\d+', 'i', 30]]);
    expect(exp.waits).toBeUndefined();
  });

  it('a malformed wait is an invalid-wait error at its line; a wait after the last command a warning', () => {
    const l = parse('# W\n\n```bash\n$ echo a\nwait for Serving HTTP\nwait up to 20 until x\nwait for /(/\nwait for "x" 11m\n```\n\n```bash\n$ echo b\nwait for "end"\n```\n');
    expect(l.diagnostics.map((d) => [d.code, d.severity, d.line, d.message])).toEqual([
      ['invalid-wait', 'error', 5, 'wait for Serving HTTP: the text to wait for must be quoted: wait for "Serving HTTP"'],
      ['invalid-wait', 'error', 6, 'wait up to 20 until x: "20" is not a duration'],
      ['invalid-wait', 'error', 7, expect.stringMatching(/^wait for \/\(\/: \/\(\/ is not a regular expression/)],
      ['invalid-wait', 'error', 8, 'wait for "x" 11m: 11m is over the longest wait, 10 minutes (after the pattern)'],
      ['wait-without-command', 'warning', 13, 'wait for "end": no command comes after it, so nothing waits'],
    ]);
    expect(lessonCommands(l).map((c) => c.waits)).toEqual([undefined, undefined]);
  });

  it('`# no output` with output under it is a warning', () => {
    const l = parse('# N\n\n```bash\n$ export A=1 # no output\nsurprise\n```\n');
    expect(l.diagnostics.map((d) => [d.code, d.line])).toEqual([['no-output-with-output', 4]]);
  });

  it('parseWait, waitSeconds and splitAnnotation', () => {
    expect(parseWait('wait for \'it\\\'s up\' 500ms')).toEqual({ kind: 'output', pattern: "it's up", flags: '', timeoutSeconds: 0.5 });
    expect(parseWait('Wait For "a.b" up to 2m')).toEqual({ kind: 'output', pattern: 'a\\.b', flags: '', timeoutSeconds: 120 });
    expect(parseWait('wait until')).toMatchObject({ error: '`wait until` names no command' });
    expect(parseWait('wait for //')).toMatchObject({ error: expect.stringContaining('empty text') });
    expect(waitSeconds('0s')).toEqual({ error: 'a wait of 0 s waits for nothing' });
    expect(splitAnnotation('cd /tmp # no output')).toEqual({ command: 'cd /tmp', expect: { noOutput: true } });
    expect(splitAnnotation('grep x f   # exit 1, no output')).toEqual({ command: 'grep x f', expect: { exit: 1, noOutput: true } });
    expect(splitAnnotation('echo "# no output"')).toEqual({ command: 'echo "# no output"' });
    expect(splitAnnotation('ls # list files')).toEqual({ command: 'ls # list files' });
    expect(splitAnnotation('# no output')).toEqual({ command: '# no output' });
    expect(splitAnnotation('f # exit 300')).toEqual({ command: 'f # exit 300' });
  });
});
