import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeCast } from '../../src/casts/asciicast.ts';
import { lessonCasts, commandsInOrder } from '../../src/casts/lesson-casts.ts';
import { matchCasts, matchRecordings, normalizeCommand, type Recording } from '../../src/casts/match-casts.ts';
import { CLEAR_SCREEN, typeCommand } from '../../src/casts/type-command.ts';
import type { Cast } from '../../src/casts/types.ts';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { lessonCommands, type Command } from '../../src/types.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function cmd(index: number, command: string, placeholders: string[] = []): Command {
  return { type: 'command', id: `cmd-${index + 1}`, index, command, output: null, explicit: true,
    placeholders: placeholders.map((text) => ({ text, column: 1 })), pos: { file: 't.md', line: index + 1, column: 1, endLine: index + 1 }, raw: command };
}
function cast(command?: string, data = 'out\r\n'): Cast {
  return { version: 2, cols: 80, rows: 24, ...(command !== undefined ? { command } : {}), events: [{ time: 0.5, code: 'o', data }], duration: 0.5 };
}
const rec = (file: string, command?: string): Recording => ({ file, cast: cast(command) });
const matched = (m: Map<string, { file: string; by: string }>) => Object.fromEntries([...m].map(([id, v]) => [id, `${v.file} by ${v.by}`]));

describe('matchRecordings (pure)', () => {
  const commands = [cmd(0, 'pwd'), cmd(1, 'kubectl get pods -o wide'), cmd(2, 'kubectl exec ... -- curl http://xxxxxx', ['...', 'xxxxxx']), cmd(3, 'kubectl get pods -o wide')];

  it('matches by the header command, whitespace-normalized, in any file order; a repeated command takes the next one', () => {
    const r = matchRecordings(commands, [rec('b.cast', '  kubectl   get pods\t-o wide '), rec('a.cast', 'pwd'), rec('c.cast', 'kubectl get pods -o wide')]);
    expect(matched(r.matches)).toEqual({ 'cmd-1': 'a.cast by command', 'cmd-2': 'b.cast by command', 'cmd-4': 'c.cast by command' });
    expect(r.unmatched).toEqual([]);
  });

  it('a placeholder in the script stands for the text the author really ran', () => {
    const r = matchRecordings(commands, [rec('x.cast', 'kubectl exec pod-centos -- curl http://10.244.0.7')]);
    expect(matched(r.matches)).toEqual({ 'cmd-3': 'x.cast by command' });
  });

  it('without a command in the header (or just a shell), goes by order; NN- prefixes name the command', () => {
    const r = matchRecordings(commands, [rec('rec-a.cast'), rec('rec-b.cast', '/bin/bash')]);
    expect(matched(r.matches)).toEqual({ 'cmd-1': 'rec-a.cast by order', 'cmd-2': 'rec-b.cast by order' });
    const n = matchRecordings(commands, [rec('recordings/l/01-pwd.cast', 'pwd'), rec('recordings/l/04-later.cast'), rec('recordings/l/zz.cast')]);
    expect(matched(n.matches)).toEqual({ 'cmd-1': 'recordings/l/01-pwd.cast by command', 'cmd-4': 'recordings/l/04-later.cast by order' });
    expect(n.unmatched).toEqual([{ file: 'recordings/l/zz.cast' }]);
  });

  it('reports recordings whose command matches nothing, and extra recordings', () => {
    const r = matchRecordings([cmd(0, 'pwd')], [rec('a.cast', 'ls -la'), rec('b.cast', 'pwd'), rec('c.cast')]);
    expect(matched(r.matches)).toEqual({ 'cmd-1': 'b.cast by command' });
    expect(r.unmatched).toEqual([{ file: 'a.cast' }, { file: 'c.cast' }]);
  });

  it('an NN- recording of a filled-in placeholder command matches that command', () => {
    const r = matchRecordings(commands, [rec('03-kubectl-exec.cast', 'kubectl exec -it pod-centos -- curl 10.1.1.1')]);
    expect(matched(r.matches)).toEqual({ 'cmd-3': '03-kubectl-exec.cast by order' });
  });

  it('normalizeCommand collapses blanks', () => {
    expect(normalizeCommand('  a \t b\n c ')).toBe('a b c');
  });
});

function tempCourse(script: string, casts: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'lc-casts-'));
  mkdirSync(join(root, 'transcripts'));
  writeFileSync(join(root, 'transcripts', 'demo.md'), script);
  mkdirSync(join(root, 'recordings', 'demo', 'voice'), { recursive: true });
  for (const [name, text] of Object.entries(casts)) writeFileSync(join(root, 'recordings', 'demo', name), text);
  return root;
}

const SCRIPT = '# Demo\n\nSome words.\n\n```bash\n$ echo one\none\n$ echo two\nclear\n$ echo three\nthree\n```\n';

describe('matchCasts and lessonCasts on a course on disk', () => {
  it('matches recordings from recordings/<slug>/ (paths relative to the root), idle-capped, others synthesized', async () => {
    const long: Cast = { version: 2, cols: 80, rows: 24, command: 'echo two', duration: 30, events: [{ time: 0.5, code: 'i', data: '\r' }, { time: 30, code: 'o', data: 'two\r\n' }] };
    const root = tempCourse(SCRIPT, { '02-echo-two.cast': writeCast(long), 'stale.cast': writeCast(cast('echo gone')) });
    writeFileSync(join(root, 'lessoncast.config.ts'), 'export default { idleTimeLimit: 1.5 };\n');
    const course = await openCourse({ root });
    const lesson = await readLesson(course, 'demo');
    const m = await matchCasts(course, lesson);
    expect(matched(m.matches)).toEqual({ 'cmd-2': 'recordings/demo/02-echo-two.cast by command' });
    expect(m.unmatched).toEqual([{ file: 'recordings/demo/stale.cast' }]);
    expect(m.invalid).toEqual([]);
    expect(m.matches.get('cmd-2')!.cast.duration).toBe(2); // 0.5, then a 29.5 s gap capped to 1.5

    const casts = await lessonCasts(course, lesson);
    expect(casts.map((c) => [c.commandId, c.source])).toEqual([['cmd-1', 'synthesized'], ['cmd-2', 'recorded'], ['cmd-3', 'synthesized']]);
    // output only (its Enter is not on a prompt line): the prompt and the typing are synthesized before it
    const typed = typeCommand('echo two', '$ ', { seed: 'echo two' });
    expect(casts[1]).toMatchObject({ file: 'recordings/demo/02-echo-two.cast', kind: 'command-only', typedAt: typed.typedAt });
    expect(casts[1].cast.events.find((e) => e.data === 'two\r\n')!.time).toBeCloseTo(typed.typedAt + 2, 6);
    expect(casts[2].clearBefore).toBe(true); // `clear` came after command 2
    expect(casts[2].cast.events[0].data).not.toBe(CLEAR_SCREEN); // the stage clears at the direction, not the cast
    expect(casts[0].clearBefore).toBeUndefined();
  });

  it('a damaged recording stops lessonCasts with a message naming the file and line', async () => {
    const root = tempCourse(SCRIPT, { '01-echo-one.cast': '{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "a"]\n[0.05, "o", "b"]\n' });
    const course = await openCourse({ root });
    const lesson = await readLesson(course, 'demo');
    const m = await matchCasts(course, lesson);
    expect(m.invalid.map((i) => i.error.message)).toEqual(['recordings/demo/01-echo-one.cast:3: time goes backwards: 0.05 comes after 0.1 (line 2)']);
    await expect(lessonCasts(course, lesson)).rejects.toMatchObject({ code: 'CAST_INVALID', message: 'recordings/demo/01-echo-one.cast:3: time goes backwards: 0.05 comes after 0.1 (line 2)' });
  });
});

describe('the seed lessons', () => {
  it('every command of both seeds has a cast (synthesized here: no recordings), clear applied after cmd+k', async () => {
    const course = await openCourse({ root: repo });
    for (const [slug, count] of [['pod-to-pod-networking', 4], ['services-and-dns', 6]] as const) {
      const lesson = await readLesson(course, slug);
      const commands = lessonCommands(lesson);
      expect(commands).toHaveLength(count);
      const casts = await lessonCasts(course, lesson);
      expect(casts.map((c) => c.commandId)).toEqual(commands.map((c) => c.id));
      for (const c of casts) {
        expect(c.cast.duration).toBeGreaterThan(0.5);
        expect(c.typedAt).toBeGreaterThan(0);
      }
    }
    const p2p = await readLesson(course, 'pod-to-pod-networking');
    expect(commandsInOrder(p2p).map((c) => c.clearBefore)).toEqual([false, true, false, false]);
  });
});
