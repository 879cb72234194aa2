/**
 * Kinds of recording, on casts Debian's asciinema 2.2 and `lessoncast record` really wrote
 * (tests/fixtures/casts/asciinema/, made by scripts/make-test-casts.ts), the six shared real casts,
 * and sessions matched to a script: split at prompts, aligned by text, gaps and near misses reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCast } from '../../src/casts/asciicast.ts';
import { alignCommands } from '../../src/casts/align-commands.ts';
import { commandLines } from '../../src/casts/command-lines.ts';
import { recordedCast, withTheme } from '../../src/casts/lesson-casts.ts';
import { matchRecordings, type Recording } from '../../src/casts/match-casts.ts';
import { recordingContent } from '../../src/casts/recording-kind.ts';
import { resolveTheme, TERMINAL_THEMES } from '../../src/casts/terminal-theme.ts';
import { typeCommand } from '../../src/casts/type-command.ts';
import type { Cast } from '../../src/casts/types.ts';
import { castRules } from '../../src/lint/rules/cast-rules.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { lessonCommands, type Command } from '../../src/types.ts';

const dir = new URL('../fixtures/casts/asciinema/', import.meta.url).pathname;
const real = new URL('../fixtures/real-casts/', import.meta.url).pathname;
const load = (file: string, limit = 2): Cast => readCast(readFileSync(file, 'utf8'), file, { idleTimeLimit: limit });
const text = (c: Cast) => c.events.filter((e) => e.code === 'o').map((e) => e.data).join('');

function cmd(index: number, command: string): Command {
  return { type: 'command', id: `cmd-${index + 1}`, index, command, output: null, explicit: true, placeholders: [], pos: { file: 't.md', line: index + 1, column: 1, endLine: index + 1 }, raw: command };
}

describe('what a recording holds', () => {
  it('asciinema rec -c: output only (asciinema 2.2 writes no command in a v2 header)', () => {
    const cast = load(`${dir}command-only-get-pods.cast`);
    expect(cast.command).toBeUndefined();
    const c = recordingContent(cast);
    expect(c).toMatchObject({ kind: 'command-only', prompt: null });
    expect(c.commands).toHaveLength(1);
  });

  it('lessoncast record: prompt, typed command and output of one command (full)', () => {
    const c = recordingContent(load(`${dir}lessoncast-apply.cast`));
    expect(c.kind).toBe('full');
    expect(c.commands.map((x) => x.text)).toEqual(['kubectl apply -f pods.yml']);
    expect(c.prompt).toBe('$ ');
  });

  it('a whole session without input events: cut at its prompts, by the prompt\'s shape; the closing exit is not a command', () => {
    const c = recordingContent(load(`${dir}session-plain.cast`));
    expect(c.kind).toBe('session');
    expect(c.prompt).toBe('dev@demo:~/lab$ ');
    expect(c.commands.map((x) => x.text)).toEqual(['kubectl get pods', 'echo hello world', 'seq 3']);
    // Each part: its prompt redrawn in place, the typing as recorded, Enter, the output, the next prompt.
    expect(text(c.commands[1].cast)).toBe('\r\x1b[K\x1b[?2004hdev@demo:~/lab$ echo hello world\r\n\x1b[?2004l\rhello world\r\n\x1b[?2004hdev@demo:~/lab$ ');
    expect(c.commands[1].cast.events.filter((e) => e.data.length === 1).length).toBe('echo hello world'.length); // one event per key, as typed
    for (const p of c.commands) {
      expect(p.cast.events[0].time).toBe(0);
      expect(p.typedAt!).toBeGreaterThan(0.5);
      expect(p.typedAt!).toBeLessThanOrEqual(p.cast.duration);
    }
    // Played one after the other, the parts give back the session's screen text, each prompt once.
    const joined = c.commands.map((p) => text(p.cast)).join('').replace(/\r\x1b\[K/g, '');
    expect(joined.match(/dev@demo:~\/lab\$ /g)).toHaveLength(c.commands.length * 2);
  });

  it('a session with input events (asciinema rec --stdin): the line as it stood at Enter, a Backspace applied', () => {
    const cast = load(`${dir}session-stdin.cast`);
    expect(cast.events.some((e) => e.code === 'i')).toBe(true);
    const c = recordingContent(cast);
    expect(c.commands.map((x) => x.text)).toEqual(['kubectl get svc', 'echo done']);
    expect(text(c.commands[0].cast)).toContain('svcc\b\x1b[K'); // shown as typed: the typo and its correction
  });

  it('a session with a Powerline prompt (colours, U+E0B0, U+E0A0), 110 columns', () => {
    const cast = load(`${dir}session-powerline.cast`);
    expect([cast.cols, cast.rows]).toEqual([110, 30]);
    const c = recordingContent(cast);
    expect(c.kind).toBe('session');
    expect(c.prompt).toBe(' dev@demo \ue0b0 \ue0a0 main \ue0b0 '.trimStart());
    expect(c.commands.map((x) => x.text)).toEqual(['kubectl get pods -o wide', 'kubectl rollout status deploy/web', "printf '┌─┬─┐ ▁▂▃▅▇█ ⠿⣿⡇ ✔ ✘ ❯ 日本語 한국어 🚀 📦\\n'"]);
  });

  it('the six shared casts hold no prompt line: output only', () => {
    for (const n of ['input', 'long', 'markers', 'resizing', 'rgb', 'simple']) expect(recordingContent(load(`${real}${n}.cast`)).kind, n).toBe('command-only');
  });

  it('does not take output written in pieces, or a y/N answer, for a command', () => {
    const ev = (data: string[], code = 'o') => data.map((d, i) => ({ time: i * 0.1, code, data: d }));
    // "Progress: " then "done" then a newline in the same write: not typing
    expect(commandLines(ev(['$ ', 'ls\r\n', 'Progress: ', 'done\r\n'])).lines).toEqual([]);
    // a prompt, keys, Enter in its own write: a command
    expect(commandLines(ev(['$ ', 'l', 's', '\r\n', 'a b\r\n', '$ '])).lines.map((l) => l.command)).toEqual(['ls']);
    // answers to a program's question have another shape than the dominant prompt
    const lines = commandLines(ev(['$ ', 'r', 'm', ' ', 'x', '\r\n', 'remove x? ', 'y', '\r\n', '$ ', 'l', 's', '\r\n', '$ '])).lines;
    expect(lines.map((l) => l.command)).toEqual(['rm x', 'ls']);
  });
});

describe('a session matched to the script by text, in order', () => {
  const session = (name: string): Recording => ({ file: `recordings/l/${name}`, cast: load(`${dir}session-plain.cast`) });

  it('every command of the session takes its script command (not just the first)', () => {
    const commands = ['kubectl get pods', 'echo hello world', 'seq 3'].map((c, i) => cmd(i, c));
    const m = matchRecordings(commands, [session('s.cast')]);
    expect([...m.matches.values()].map((x) => [x.by, x.part?.index, x.recorded])).toEqual([['session', 1, 'kubectl get pods'], ['session', 2, 'echo hello world'], ['session', 3, 'seq 3']]);
    expect(m.gaps).toEqual([]);
    expect(m.recordings).toEqual([{ file: 'recordings/l/s.cast', kind: 'session', commands: ['kubectl get pods', 'echo hello world', 'seq 3'], prompt: 'dev@demo:~/lab$ ' }]);
  });

  it('reports a recorded command missing from the script, a script command missing from the recording, and a near miss with both texts', () => {
    const commands = ['kubectl get pods', 'kubectl get nodes', 'echo hello, world'].map((c, i) => cmd(i, c));
    const m = matchRecordings(commands, [session('s.cast')]);
    expect([...m.matches.entries()].map(([id, x]) => [id, x.recorded, !!x.differs])).toEqual([['cmd-1', 'kubectl get pods', false], ['cmd-3', 'echo hello world', true]]);
    expect(m.gaps).toEqual([
      { type: 'not-recorded', file: 'recordings/l/s.cast', commandId: 'cmd-2', before: 'kubectl get pods', after: 'echo hello world' },
      { type: 'not-in-script', file: 'recordings/l/s.cast', part: 3, of: 3, recorded: 'seq 3' },
    ]);
    const lesson = parseLesson('## terminal\n\n```bash\n$ kubectl get pods\n$ kubectl get nodes\n$ echo hello, world\n```\n', { file: 'transcripts/l.md', slug: 'l' });
    const d = castRules(lesson, { ...m, invalid: [] });
    const by = (code: string) => d.filter((x) => x.code === code).map((x) => `${x.file}:${x.line} ${x.message}`);
    expect(by('recorded-command-differs')).toEqual(['transcripts/l.md:6 the recording types `echo hello world` where the script says `echo hello, world` (recordings/l/s.cast, command 2)']);
    expect(by('script-command-not-recorded')).toEqual(['transcripts/l.md:5 `kubectl get nodes` is not in the session recordings/l/s.cast between `kubectl get pods` and `echo hello world`; it is synthesized']);
    expect(by('recorded-command-not-in-script')).toEqual(['recordings/l/s.cast:1 command 3 of 3 of the session, `seq 3`, is not in the script; it does not play']);
    expect(by('recording-kind')).toEqual(['recordings/l/s.cast:1 whole-session recording: 3 commands (`kubectl get pods`, `echo hello world`, `seq 3`) at the prompt `dev@demo:~/lab$`; each plays as recorded']);
    expect(lessonCommands(lesson)).toHaveLength(3);
  });

  it('alignment keeps order and pairs only what is alike', () => {
    const s = (t: string) => ({ text: t, pattern: null });
    expect(alignCommands(['a b', 'x y z', 'c d'], [s('a b'), s('c d')])).toEqual([
      { recorded: 0, script: 0, differs: false }, { recorded: 1, script: null, differs: false }, { recorded: 2, script: 1, differs: false },
    ]);
    expect(alignCommands(['kubectl get pod'], [s('kubectl get pods')])).toEqual([{ recorded: 0, script: 0, differs: true }]);
    expect(alignCommands(['ls'], [s('kubectl get pods')]).filter((p) => p.recorded !== null && p.script !== null)).toEqual([]);
  });
});

describe('the cast that plays', () => {
  it('a command-only recording gets the prompt and typing synthesized before its output, then the next prompt', () => {
    const cast = load(`${dir}command-only-get-pods.cast`);
    const lc = recordedCast(cmd(0, 'kubectl get pods'), { file: 'f.cast', cast, by: 'order', kind: 'command-only', recorded: null }, { cols: 80, rows: 24, prompt: '$ ', theme: 'dark' });
    const typed = typeCommand('kubectl get pods', '$ ', { seed: 'kubectl get pods' });
    expect(lc.typedAt).toBe(typed.typedAt);
    expect(lc.cast.events.slice(0, typed.events.length)).toEqual(typed.events);
    const out = lc.cast.events.find((e) => e.data.startsWith('NAME'))!;
    expect(out.time).toBeCloseTo(typed.typedAt + cast.events[0].time, 6);
    expect(lc.cast.events.at(-1)).toEqual({ time: lc.cast.duration, code: 'o', data: '$ ' });
  });

  it('a recording keeps its own theme unless the lesson names one; without either, the default', () => {
    const own: Cast = { version: 2, cols: 80, rows: 24, events: [], duration: 0, theme: { fg: '#FFFFFF', bg: '#000000', palette: '#000000:#ff0000:#00ff00:#ffff00:#0000ff:#ff00ff:#00ffff:#ffffff' } };
    expect(resolveTheme('dark', own)).toEqual({ source: 'recording', theme: { fg: '#ffffff', bg: '#000000', palette: '#000000:#ff0000:#00ff00:#ffff00:#0000ff:#ff00ff:#00ffff:#ffffff:#000000:#ff0000:#00ff00:#ffff00:#0000ff:#ff00ff:#00ffff:#ffffff' } });
    expect(resolveTheme('solarized-dark', own)).toEqual({ source: 'lesson', theme: TERMINAL_THEMES['solarized-dark'] });
    expect(resolveTheme('dark', { ...own, theme: undefined })).toEqual({ source: 'lesson', theme: TERMINAL_THEMES.dark });
    const lc = withTheme({ commandId: 'cmd-1', source: 'recorded', cast: own }, 'dark');
    expect(lc.themeFromRecording).toBe(true);
    expect(lc.cast.theme!.fg).toBe('#ffffff');
  });
});

describe('alignment of a very long session', () => {
  it('pairs in order without the full table (bounded memory) and still reports what does not meet', () => {
    const recorded = Array.from({ length: 3000 }, (_, i) => `echo ${i}`);
    const script = Array.from({ length: 1000 }, (_, i) => ({ text: `echo ${i * 2}`, pattern: null }));
    const pairs = alignCommands(recorded, script);
    const matched = pairs.filter((p) => p.recorded !== null && p.script !== null);
    expect(matched).toHaveLength(1000);
    expect(matched.every((p) => p.recorded === p.script! * 2)).toBe(true);
    expect(pairs.filter((p) => p.script === null)).toHaveLength(2000);
  });
});
