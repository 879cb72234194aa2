import { describe, expect, it } from 'vitest';
import { readCast, writeCast } from '../../src/casts/asciicast.ts';
import { synthesizeCast, toTerminalText } from '../../src/casts/synthesize-cast.ts';
import { CLEAR_SCREEN, PROMPT_PREFIX } from '../../src/casts/type-command.ts';
import type { Command, TerminalSettings } from '../../src/types.ts';

const settings: TerminalSettings = { cols: 80, rows: 24, prompt: '$ ', theme: 'dark' };

function cmd(command: string, output: string[] | null = null, index = 0): Command {
  return { type: 'command', id: `cmd-${index + 1}`, index, command, output, explicit: true, placeholders: [], pos: { file: 't.md', line: 1, column: 1, endLine: 1 }, raw: `$ ${command}` };
}

const apply = cmd('kubectl apply -f configs/pod-httpd.yml -f configs/pod-centos.yml', ['pod/pod-httpd unchanged', 'pod/pod-centos unchanged']);

describe('synthesizeCast', () => {
  it('is deterministic: the same command and seed give a byte-identical cast', () => {
    const a = writeCast(synthesizeCast(apply, settings).cast);
    const b = writeCast(synthesizeCast(apply, settings).cast);
    expect(a).toBe(b);
    expect(writeCast(synthesizeCast(apply, settings, { seed: 'other' }).cast)).not.toBe(a);
  });

  it('plays prompt, the command one character at a time, Enter, the output with CR LF, then the next prompt', () => {
    const lc = synthesizeCast(apply, settings);
    expect(lc).toMatchObject({ commandId: 'cmd-1', source: 'synthesized' });
    const ev = lc.cast.events;
    expect(ev[0]).toEqual({ time: 0, code: 'o', data: PROMPT_PREFIX + '$ ' });
    const typed = ev.slice(1, 1 + apply.command.length);
    expect(typed.map((e) => e.data).join('')).toBe(apply.command);
    expect(typed.every((e) => e.code === 'o' && e.data.length === 1)).toBe(true);
    const enter = ev.findIndex((e) => e.code === 'i');
    expect(ev[enter]).toEqual({ time: lc.typedAt, code: 'i', data: '\r' });
    expect(ev[enter + 1]).toEqual({ time: lc.typedAt, code: 'o', data: '\r\n' });
    expect(ev[enter + 2].data).toBe('pod/pod-httpd unchanged\r\npod/pod-centos unchanged\r\n');
    expect(ev[enter + 2].time).toBeGreaterThan(lc.typedAt!);
    expect(ev.at(-1)).toEqual({ time: lc.cast.duration, code: 'o', data: '$ ' });
    expect(lc.cast).toMatchObject({ cols: 80, rows: 24, command: apply.command });
    for (let i = 1; i < ev.length; i++) expect(ev[i].time).toBeGreaterThanOrEqual(ev[i - 1].time);
  });

  it('types at a human pace: 40-120 ms per character on average, every key a little different', () => {
    const lc = synthesizeCast(cmd('kubectl get pods -o wide'), settings);
    const keys = lc.cast.events.filter((e) => e.code === 'o' && e.data.length === 1);
    const gaps = keys.slice(1).map((e, i) => e.time - keys[i].time);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(0.04);
    expect(mean).toBeLessThan(0.12);
    expect(new Set(gaps.map((g) => g.toFixed(4))).size).toBeGreaterThan(gaps.length / 2);
    expect(Math.min(...gaps)).toBeGreaterThan(0.03);
  });

  it('keeps colours in the output and turns every \\n into \\r\\n', () => {
    const lc = synthesizeCast(cmd('ls --color', ['\x1b[01;34mconfigs\x1b[0m', 'plain']), settings);
    expect(lc.cast.events.some((e) => e.data === '\x1b[01;34mconfigs\x1b[0m\r\nplain\r\n')).toBe(true);
    expect(toTerminalText('a\nb\r\nc\n')).toBe('a\r\nb\r\nc\r\n');
  });

  it('a command without expected output shows the next prompt right after Enter', () => {
    const lc = synthesizeCast(cmd('pwd'), settings);
    expect(lc.cast.events.slice(-3).map((e) => [e.code, e.data])).toEqual([['i', '\r'], ['o', '\r\n'], ['o', '$ ']]);
  });

  it('clearBefore starts the cast by clearing the screen; the course prompt is used', () => {
    const lc = synthesizeCast(cmd('echo hi', ['hi']), { ...settings, prompt: 'demo> ' }, { clearBefore: true });
    expect(lc.clearBefore).toBe(true);
    expect(lc.cast.events[0]).toEqual({ time: 0, code: 'o', data: CLEAR_SCREEN });
    expect(lc.cast.events[1].data).toBe(PROMPT_PREFIX + 'demo> ');
    expect(lc.cast.events.at(-1)!.data).toBe('demo> ');
  });

  it('writes as a valid v2 cast that reads back the same', () => {
    const lc = synthesizeCast(apply, settings, { clearBefore: true });
    expect(readCast(writeCast(lc.cast), 'synth.cast')).toEqual(lc.cast);
  });
});
