import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capIdle, readCast, writeCast } from '../../src/casts/asciicast.ts';
import { CastInvalidError } from '../../src/casts/cast-invalid-error.ts';
import type { Cast } from '../../src/casts/types.ts';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const real = (name: string) => readCast(readFileSync(`${fixtures}real-casts/${name}`, 'utf8'), `real-casts/${name}`);
const codes = (c: Cast) => c.events.map((e) => e.code).join('');
const times = (c: Cast) => c.events.map((e) => e.time);

describe('readCast on casts real asciinema tools wrote', () => {
  it('reads every real cast (none throws)', () => {
    const names = readdirSync(`${fixtures}real-casts`).filter((f) => f.endsWith('.cast'));
    expect(names.length).toBe(6);
    for (const n of names) expect(() => real(n), n).not.toThrow();
  });

  it('simple.cast (v2): size, 11 output events, absolute times kept to the microsecond', () => {
    const c = real('simple.cast');
    expect(c).toMatchObject({ version: 2, cols: 80, rows: 24, duration: 12 });
    expect(c.events).toHaveLength(11);
    expect(times(c).slice(0, 4)).toEqual([2, 3, 3.000001, 3.000002]);
    expect(c.events.every((e) => e.code === 'o' && e.data === 'hello\r\n')).toBe(true);
  });

  it('markers.cast keeps the m events with their labels', () => {
    const c = real('markers.cast');
    expect(codes(c)).toBe('omomoo');
    expect(c.events.filter((e) => e.code === 'm')).toEqual([{ time: 0.5, code: 'm', data: 'first' }, { time: 1.1, code: 'm', data: 'second' }]);
    expect(c.duration).toBe(2);
  });

  it('resizing.cast (v3): relative times summed to absolute, r events kept, x exit event kept', () => {
    const c = real('resizing.cast');
    expect(c).toMatchObject({ version: 3, cols: 80, rows: 24 });
    expect(codes(c)).toBe('ororox');
    expect(times(c)).toEqual([0.5, 1, 1.5, 2, 2.1, 2.1]);
    expect(c.events[1]).toEqual({ time: 1, code: 'r', data: '100x30' });
    expect(c.events[5]).toEqual({ time: 2.1, code: 'x', data: '0' });
    expect(c.duration).toBe(2.1);
  });

  it('input.cast keeps the i events', () => {
    const c = real('input.cast');
    expect(codes(c)).toBe('oiio');
    expect(c.events[2]).toEqual({ time: 0.4, code: 'i', data: '\r' });
  });

  it('rgb.cast (v3, 10x4): 24-bit colour sequences and symbol glyphs survive intact', () => {
    const c = real('rgb.cast');
    expect(c).toMatchObject({ version: 3, cols: 10, rows: 4, duration: 0 });
    expect(c.events[0].data).toBe('\x1b[38;2;254;220;186m\x1b[48;2;18;52;86m');
    expect(c.events[1].data).toBe('◆▋\ue0b0');
  });

  it('long.cast: no cap without a limit; a course default caps idle gaps; a header limit wins over it', () => {
    expect(times(real('long.cast'))).toEqual([0.1, 1, 6, 12]);
    const text = readFileSync(`${fixtures}real-casts/long.cast`, 'utf8');
    const capped = readCast(text, 'long.cast', { idleTimeLimit: 2 });
    expect(times(capped)).toEqual([0.1, 1, 3, 5]);
    expect(capped.duration).toBe(5);
    const withHeader = text.replace('"height": 24', '"height": 24, "idle_time_limit": 0.5');
    expect(times(readCast(withHeader, 'long.cast', { idleTimeLimit: 2 }))).toEqual([0.1, 0.6, 1.1, 1.6]);
  });

  it('round trip: read → write (v2) → read gives the same cast, for every real cast', () => {
    for (const n of readdirSync(`${fixtures}real-casts`).filter((f) => f.endsWith('.cast'))) {
      const first = real(n);
      const text = writeCast(first);
      expect(text.split('\n')[0]).toMatch(/^\{"version":2,"width":\d+,"height":\d+/);
      const again = readCast(text, n);
      expect({ ...again, version: first.version }, n).toEqual(first);
      expect(writeCast(again), n).toBe(text);
    }
  });
});

describe('readCast: other shapes', () => {
  it('reads v1 (one pretty-printed JSON document, delays summed)', () => {
    const v1 = JSON.stringify({ version: 1, width: 100, height: 30, duration: 1.5, command: '/bin/zsh', title: '', env: { TERM: 'xterm-256color', SHELL: '/bin/zsh' },
      stdout: [[0.248848, '\x1b[1;31mHello\r\n'], [1.001376, 'I am \rThis is on the next line.']] }, null, 2);
    const c = readCast(v1, 'v1.cast');
    expect(c).toMatchObject({ version: 1, cols: 100, rows: 30, command: '/bin/zsh', env: { SHELL: '/bin/zsh' } });
    expect(c.events).toEqual([{ time: 0.248848, code: 'o', data: '\x1b[1;31mHello\r\n' }, { time: 1.250224, code: 'o', data: 'I am \rThis is on the next line.' }]);
  });

  it('keeps header metadata, v3 comments and unknown event codes; ignores extra header keys', () => {
    const text = [
      JSON.stringify({ version: 3, term: { cols: 90, rows: 30, type: 'xterm-256color', theme: { fg: '#d0d0d0', bg: '#212121' } }, timestamp: 1504467315, idle_time_limit: 2, command: 'kubectl get pods', title: 'Demo', env: { SHELL: '/bin/bash' }, tags: ['k8s'], x_recorder: 'mine' }),
      '# a comment',
      '[0.25, "o", "hi"]',
      '[0.5, "q", "custom"]',
      '',
    ].join('\n');
    const c = readCast(text, 'v3.cast');
    expect(c).toMatchObject({ version: 3, cols: 90, rows: 30, timestamp: 1504467315, idleTimeLimit: 2, command: 'kubectl get pods', title: 'Demo', env: { SHELL: '/bin/bash' }, theme: { fg: '#d0d0d0', bg: '#212121' } });
    expect(c.events).toEqual([{ time: 0.25, code: 'o', data: 'hi' }, { time: 0.75, code: 'q', data: 'custom' }]);
  });

  it('accepts CRLF line ends and a BOM', () => {
    const c = readCast('\uFEFF{"version": 2, "width": 80, "height": 24}\r\n[1, "o", "a"]\r\n', 'crlf.cast');
    expect(c.events).toEqual([{ time: 1, code: 'o', data: 'a' }]);
  });
});

describe('capIdle', () => {
  it('shortens every gap longer than the limit, the first one included, and keeps order', () => {
    const c: Cast = { version: 2, cols: 80, rows: 24, duration: 20, events: [
      { time: 5, code: 'o', data: 'a' }, { time: 5.5, code: 'm', data: '' }, { time: 15, code: 'o', data: 'b' }, { time: 20, code: 'o', data: 'c' }] };
    const capped = capIdle(c, 1);
    expect(times(capped)).toEqual([1, 1.5, 2.5, 3.5]);
    expect(capped.duration).toBe(3.5);
    expect(capIdle(c, Infinity)).toBe(c);
    expect(c.events[0].time).toBe(5); // the input is not changed
  });
});

describe('writeCast', () => {
  it('writes a v2 header with the command and one JSON array per event', () => {
    const text = writeCast({ version: 2, cols: 80, rows: 24, command: 'echo hi', timestamp: 1700000000, env: { SHELL: '/bin/bash', TERM: 'xterm-256color' }, duration: 1,
      events: [{ time: 0.1234567, code: 'o', data: '\x1b[31mred\r\n' }, { time: 1, code: 'x', data: '0' }] });
    expect(text).toBe('{"version":2,"width":80,"height":24,"timestamp":1700000000,"command":"echo hi","env":{"SHELL":"/bin/bash","TERM":"xterm-256color"}}\n' +
      '[0.123457, "o", "\\u001b[31mred\\r\\n"]\n[1, "x", "0"]\n');
  });
});

/** Each damaged cast and the exact message it must give: file, line, problem. */
const DAMAGED: [string, string][] = [
  ['bad-json-line3.cast', "bad-json-line3.cast:3: bad JSON in event (Expected ',' or ']' after array element at column 11)"],
  ['bad-resize.cast', 'bad-resize.cast:4: the resize event data "wide" is not COLSxROWS (e.g. "100x30")'],
  ['empty.cast', 'empty.cast:1: empty file: an asciicast starts with a JSON header line such as {"version": 2, "width": 80, "height": 24}'],
  ['event-code-not-string.cast', 'event-code-not-string.cast:2: the event code is not a non-empty string (found number 5)'],
  ['event-data-not-string.cast', 'event-data-not-string.cast:2: the event data is not a string (found number 42)'],
  ['event-not-array.cast', 'event-not-array.cast:2: the event is not an array [time, code, data] (found an object)'],
  ['event-too-short.cast', 'event-too-short.cast:2: the event has 2 elements; expected 3: [time, code, data]'],
  ['header-key-typo.cast', 'header-key-typo.cast:1: unknown header key "idle_time_limt" for asciicast v2; did you mean "idle_time_limit"?'],
  ['header-not-object.cast', 'header-not-object.cast:1: the header is not a JSON object (found an array)'],
  ['header-split-over-lines.cast', 'header-split-over-lines.cast:1: the header is not valid JSON (Expected double-quoted property name at column 28); the header must be one JSON object on line 1'],
  ['missing-height.cast', 'missing-height.cast:1: the header has no "height" (terminal rows)'],
  ['negative-time.cast', 'negative-time.cast:3: the event time -0.5 is negative'],
  ['no-version.cast', 'no-version.cast:1: the header has no "version" (asciicast v2 and v3 headers start with {"version": 2, ...} or {"version": 3, ...})'],
  ['time-backwards.cast', 'time-backwards.cast:4: time goes backwards: 1 comes after 2 (line 3)'],
  ['time-not-number.cast', "time-not-number.cast:3: bad JSON in event (Unexpected token 'N')"],
  ['v1-bad-frame.cast', 'v1-bad-frame.cast:9: stdout frame 3 has 1 element; expected 2: [delay, data]'],
  ['v3-negative-interval.cast', 'v3-negative-interval.cast:5: the event interval -1 is negative'],
  ['v3-with-v2-size.cast', 'v3-with-v2-size.cast:1: unknown header key "width" for asciicast v3 (it belongs to v2; v3 gives the size as "term": {"cols": C, "rows": R})'],
  ['wrong-version.cast', 'wrong-version.cast:1: unsupported asciicast version 4 (lessoncast reads versions 1, 2 and 3)'],
  ['zero-width.cast', 'zero-width.cast:1: header "width" is not a positive whole number (found number 0)'],
];

describe('damaged casts: each names file, line and problem', () => {
  it('the corpus and the table list the same files', () => {
    expect(readdirSync(`${fixtures}casts/damaged`).sort()).toEqual(DAMAGED.map(([f]) => f).sort());
  });

  it.each(DAMAGED)('%s', (name, message) => {
    const text = readFileSync(`${fixtures}casts/damaged/${name}`, 'utf8');
    let error: unknown;
    try { readCast(text, name); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(CastInvalidError);
    const e = error as CastInvalidError;
    expect(e.message).toBe(message);
    expect(e.code).toBe('CAST_INVALID');
    expect(`${e.file}:${e.line}: ${e.problem}`).toBe(message);
    expect(e.fix).toMatch(/record/);
  });
});
