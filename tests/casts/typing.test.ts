/** Typing on screen (docs/casts.md, "Typing"): the speed setting, long commands typed faster or pasted, config and frontmatter. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { castFromRun } from '../../src/casts/cast-from-run.ts';
import { lessonCasts } from '../../src/casts/lesson-casts.ts';
import { synthesizeCast } from '../../src/casts/synthesize-cast.ts';
import { REFERENCE_SPEED, typeCommand } from '../../src/casts/type-command.ts';
import type { CastEvent } from '../../src/casts/types.ts';
import { DEFAULT_TYPING, resolveTyping } from '../../src/casts/typing-settings.ts';
import { openCourse } from '../../src/course.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { lessonCommands, type Command } from '../../src/types.ts';

const COMMIT = 'git commit -m "Add the landing page, its stylesheet and a script that serves them locally"';
/** What goes in before Enter, after the prompt: the keys (or the paste). */
const keysOf = (events: CastEvent[]) => events.slice(0, events.findIndex((e) => e.code === 'i')).filter((e) => e.code === 'o' && !e.data.startsWith('\r\x1b[K'));
const span = (events: CastEvent[]) => { const k = keysOf(events); return k[k.length - 1].time - k[0].time; };
const cmd = (command: string, output: string[] | null = ['ok']): Command =>
  ({ type: 'command', id: 'cmd-1', index: 0, command, output, explicit: true, placeholders: [], pos: { file: 't.md', line: 1, column: 1, endLine: 1 }, raw: `$ ${command}` });
const terminal = { cols: 80, rows: 24, prompt: '$ ', theme: 'dark' };

describe('typeCommand', () => {
  it('types the seeds\' commands at about REFERENCE_SPEED characters a second by default', async () => {
    const course = await openCourse({ root: new URL('../..', import.meta.url).pathname });
    let chars = 0, secs = 0;
    for (const slug of ['pod-to-pod-networking', 'services-and-dns']) {
      for (const c of lessonCommands(await readLesson(course, slug))) {
        const t = typeCommand(c.command, '$ ', { seed: c.command, typing: { speed: REFERENCE_SPEED, maxSeconds: 1e9, pasteOver: 1e9 } });
        chars += [...c.command].length - 1;
        secs += span(t.events);
      }
    }
    expect(chars / secs).toBeGreaterThan(REFERENCE_SPEED * 0.95);
    expect(chars / secs).toBeLessThan(REFERENCE_SPEED * 1.05);
  });

  it('typing.speed scales every key: twice the speed, half the time, the same jitter', () => {
    const c = 'kubectl get pods -o wide';
    const slow = typeCommand(c, '$ ', { seed: c, typing: { ...DEFAULT_TYPING, speed: 10 } });
    const fast = typeCommand(c, '$ ', { seed: c, typing: { ...DEFAULT_TYPING, speed: 20 } });
    expect(span(fast.events)).toBeCloseTo(span(slow.events) / 2, 5);
    expect(keysOf(fast.events).map((e) => e.data).join('')).toBe(c);
    expect(fast.mode).toBe('typed');
  });

  it('a command whose keys would take longer than maxSeconds is typed faster, to take maxSeconds', () => {
    const c = 'kubectl apply -f configs/pod-httpd.yml -f configs/pod-centos.yml';
    const natural = typeCommand(c, '$ ', { seed: c, typing: { ...DEFAULT_TYPING, maxSeconds: 60 } });
    expect(span(natural.events)).toBeGreaterThan(4.5);
    const t = typeCommand(c, '$ ', { seed: c });
    expect(t.mode).toBe('sped-up');
    expect(span(t.events)).toBeCloseTo(DEFAULT_TYPING.maxSeconds, 5);
    expect(keysOf(t.events).map((e) => e.data).join('')).toBe(c);
    // Enter 0.3 s after the last key: the half second before the first key, 3 s of keys, 0.3 s.
    expect(t.typedAt).toBeCloseTo(0.5 + 3 + 0.3, 5);
  });

  it('a command longer than pasteOver is pasted: whole, in one event, Enter 0.6 s later', () => {
    expect([...COMMIT].length).toBe(90);
    const t = typeCommand(COMMIT, '$ ', { seed: COMMIT });
    expect(t.mode).toBe('pasted');
    expect(keysOf(t.events)).toEqual([{ time: 0.5, code: 'o', data: COMMIT }]);
    expect(t.typedAt).toBeCloseTo(1.1, 6);
    // Typed in 3 s when pasting starts later.
    const typed = typeCommand(COMMIT, '$ ', { seed: COMMIT, typing: { ...DEFAULT_TYPING, pasteOver: 200 } });
    expect(typed.mode).toBe('sped-up');
    expect(span(typed.events)).toBeCloseTo(3, 5);
  });

  it('seven long git commands take at most 4.2 s each (3 s of keys), where typing them all at 13 a second took over 40 s', () => {
    const commands = Array.from({ length: 7 }, (_, i) => `git commit -m "Step ${i + 1}: describe the change in a sentence long enough"`);
    const total = (typing?: typeof DEFAULT_TYPING) => commands.reduce((sum, c) => sum + synthesizeCast(cmd(c), terminal, { typing }).cast.duration, 0);
    expect(commands.every((c) => c.length > 40 && c.length <= 80)).toBe(true);
    expect(total()).toBeLessThanOrEqual(7 * (0.5 + 3 + 0.3 + 0.25 + 0.15) + 1e-6);
    expect(total({ ...DEFAULT_TYPING, maxSeconds: 60 })).toBeGreaterThan(40);
  });
});

describe('typing settings', () => {
  it('frontmatter over config over defaults, key by key', () => {
    expect(resolveTyping()).toEqual(DEFAULT_TYPING);
    expect(resolveTyping({ speed: 20, pasteOver: 40 }, { speed: 8 })).toEqual({ speed: 8, maxSeconds: 3, pasteOver: 40 });
  });

  it('frontmatter `typing` is read into the lesson; a bad value is an invalid-frontmatter error at its line', () => {
    const l = parseLesson('---\ntyping:\n  speed: 20\n  maxSeconds: 2\n---\nHi.\n', { file: 't.md', slug: 't' });
    expect(l.meta.typing).toEqual({ speed: 20, maxSeconds: 2 });
    const bad = parseLesson('---\ntyping:\n  speed: -1\n  pasteAfter: 3\n---\nHi.\n', { file: 't.md', slug: 't' });
    expect(bad.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['invalid-frontmatter@3', 'unknown-frontmatter-key@4']);
    expect(bad.diagnostics[1].hint).toMatch(/pasteOver/);
    expect(bad.meta.typing).toBeUndefined();
  });

  const root = mkdtempSync(join(tmpdir(), 'lessoncast-typing-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lessonCasts types as the config and the frontmatter say; lessoncast record writes the same typing', async () => {
    mkdirSync(join(root, 'transcripts'));
    writeFileSync(join(root, 'lessoncast.config.json'), JSON.stringify({ typing: { speed: 26, pasteOver: 40 } }));
    const script = (fm: string) => `${fm}Run it.\n\n\`\`\`bash\n$ kubectl get pods -o wide\nok\n$ ${COMMIT}\n\`\`\`\n`;
    writeFileSync(join(root, 'transcripts', 'a.md'), script(''));
    writeFileSync(join(root, 'transcripts', 'b.md'), script('---\ntyping:\n  speed: 13\n  pasteOver: 100\n---\n'));
    const course = await openCourse({ root });
    const [a, b] = [await lessonCasts(course, await readLesson(course, 'a')), await lessonCasts(course, await readLesson(course, 'b'))];
    const short = 'kubectl get pods -o wide';
    // Config: 26 a second, twice the reference; the commit is pasted (90 > 40).
    expect(span(a[0].cast.events)).toBeCloseTo(span(typeCommand(short, '$ ', { seed: short }).events) / 2, 5);
    expect(keysOf(a[1].cast.events)[0].data).toBe(COMMIT);
    // Frontmatter: 13 a second and no paste under 100 characters: the commit types in maxSeconds.
    expect(span(b[0].cast.events)).toBeCloseTo(span(typeCommand(short, '$ ', { seed: short }).events), 5);
    expect(keysOf(b[1].cast.events)).toHaveLength(90);
    expect(span(b[1].cast.events)).toBeCloseTo(3, 5);
    const run = { output: [{ time: 0.1, data: 'ok\r\n' }], duration: 0.2, exitCode: 0, timedOut: false, incomplete: false, shellExited: false };
    const recorded = castFromRun(COMMIT, run, terminal, { timestamp: 1, shell: '/bin/bash' }, resolveTyping(course.config.typing));
    expect(keysOf(recorded.events)[0]).toEqual({ time: 0.5, code: 'o', data: COMMIT });
  });
});
