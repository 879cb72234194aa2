/**
 * Fault injection on the store, through the real command line: a tiny lesson (640×360, espeak-ng) is
 * built cold; then, for each damage — a file truncated, bytes flipped in place at the same size, the
 * index (entry.json) deleted, the index garbled — one file of every kind is damaged at once (a shot's
 * segment.mp4, a speech clip's audio.wav, the narration.m4a, the output's video.mp4), the published
 * outputs are removed, and `build --video` must exit 0, name each entry it set aside and made again,
 * and publish a video whose decoded frames (framemd5) and audio (md5 of the PCM) are the cold build's.
 *
 * Damaging the four kinds in one build still tests each: every damaged entry must be named; the shot
 * and the narration are re-read by the mux only because the output entry is damaged too, so a shot or
 * narration let through would change the frames or the audio; the speech clip is read by the new
 * narration mix only because the narration entry is damaged too, so a clip let through would change
 * the audio.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessoncast } from '../helpers/cli.ts';
import { makeMiniCourse } from '../video/mini-course.ts';

const SCRIPT = `## slide

A lesson to damage.

## terminal

\`\`\`bash
$ echo whole
whole
\`\`\`

Built again, the same.
`;

let root: string;
let cold: string;
const cache = () => join(root, 'build', '.cache');
const published = () => join(root, 'build', 'mini', 'mini.mp4');

/** The decoded frames and audio of a video: what a viewer sees and hears, byte for byte. */
function decoded(file: string): { frames: string; audio: string } {
  const frames = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.startsWith('#')).join('\n');
  const audio = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', '-f', 'md5', '-'], { encoding: 'utf8' }).trim();
  return { frames, audio };
}

/** The one entry folder of `kind` (the first, for speech: the lesson has several clips). */
function entryOf(kind: string): { hash: string; dir: string } {
  const hash = readdirSync(join(cache(), kind)).filter((f) => /^[0-9a-f]{32}$/.test(f)).sort()[0];
  return { hash, dir: join(cache(), kind, hash) };
}

function flip(file: string): void {
  const fd = openSync(file, 'r+');
  const at = Math.floor(statSync(file).size / 2);
  const b = Buffer.alloc(3000);
  readSync(fd, b, 0, b.length, at);
  for (let i = 0; i < b.length; i++) b[i] ^= 0x5a;
  writeSync(fd, b, 0, b.length, at);
  closeSync(fd);
}

const FILES = { shot: 'segment.mp4', speech: 'audio.wav', narration: 'narration.m4a', output: 'video.mp4' } as const;
type Kind = keyof typeof FILES;
const DAMAGES: Record<string, (dir: string, file: string) => void> = {
  truncate: (dir, file) => truncateSync(join(dir, file), Math.floor(statSync(join(dir, file)).size / 3)),
  flip: (dir, file) => flip(join(dir, file)),
  'delete the index': (dir) => rmSync(join(dir, 'entry.json')),
  'garble the index': (dir) => writeFileSync(join(dir, 'entry.json'), '{"v":2,"files":{"segm'),
};

let expected: { frames: string; audio: string };

beforeAll(() => {
  root = makeMiniCourse(SCRIPT);
  writeFileSync(join(root, 'lessoncast.config.mjs'), "export default { voice: { engine: 'espeak-ng' }, video: { width: 640, height: 360 } };\n");
  const r = lessoncast(['build', '--video', '--no-progress'], { cwd: root });
  expect(r.code, r.stderr).toBe(0);
  expected = decoded(published());
  cold = mkdtempSync(join(tmpdir(), 'lessoncast-cold-'));
  cpSync(join(root, 'build'), cold, { recursive: true });
}, 180_000);
afterAll(() => {
  for (const d of [root, cold]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Back to the cold build's store, without the published outputs. */
function restore(): void {
  rmSync(join(root, 'build'), { recursive: true, force: true });
  cpSync(cold, join(root, 'build'), { recursive: true });
  rmSync(join(root, 'build', 'mini'), { recursive: true, force: true });
  rmSync(join(cache(), 'published'), { recursive: true, force: true });
}

describe('a damaged store never reaches a published output', () => {
  for (const [damage, apply] of Object.entries(DAMAGES)) {
    it(`${damage}: a shot, a speech clip, the narration and the output at once → rebuilt, identical to the cold build, each named`, () => {
      restore();
      const hit: Record<Kind, string> = { shot: '', speech: '', narration: '', output: '' };
      for (const kind of Object.keys(FILES) as Kind[]) {
        const { hash, dir } = entryOf(kind);
        apply(dir, FILES[kind]);
        hit[kind] = hash;
      }
      const r = lessoncast(['build', '--video', '--no-progress'], { cwd: root });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/internal error|vanished|missing shots|✗/);
      for (const kind of Object.keys(FILES) as Kind[])
        expect(r.stderr, kind).toMatch(new RegExp(`repaired store entry ${kind}/${hit[kind].slice(0, 12)}: .+ — set aside in quarantine/, made again`));
      const now = decoded(published());
      expect(now.audio).toBe(expected.audio);
      expect(now.frames).toBe(expected.frames);
      // Nothing damaged is left where a reader would find it: the set-aside entries are in quarantine/.
      expect(readdirSync(join(cache(), 'quarantine')).length).toBe(4);
      if (damage === 'garble the index') {
        // It used to fail every run after this one: the next build finds everything whole and published.
        const again = lessoncast(['build', '--video', '--no-progress'], { cwd: root });
        expect(again.code, again.stderr).toBe(0);
        expect(again.stderr).toMatch(/up to date/);
        expect(again.stderr).not.toMatch(/repaired/);
      }
    }, 180_000);
  }

  it('a published video damaged in place at the same size is published again; clean --verify names what it drops', () => {
    restore();
    expect(lessoncast(['build', '--video', '--no-progress'], { cwd: root }).code).toBe(0);
    const size = statSync(published()).size;
    flip(published());
    expect(statSync(published()).size).toBe(size);
    const r = lessoncast(['build', '--video', '--no-progress'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/up to date/);
    expect(decoded(published())).toEqual(expected);

    const shot = entryOf('shot');
    flip(join(shot.dir, 'segment.mp4'));
    const c = lessoncast(['clean', '--verify'], { cwd: root });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain(`dropped shot/${shot.hash}: segment.mp4 differs from its recorded SHA-256`);
    expect(c.stderr).toMatch(/verified \d+ entries .*: 1 damaged, dropped/);
    expect(existsSync(shot.dir)).toBe(false);
    expect(existsSync(join(cache(), 'quarantine'))).toBe(false);
    const v = lessoncast(['clean', '--verify'], { cwd: root });
    expect(v.stderr).toMatch(/all whole/);
    expect(readFileSync(join(root, 'transcripts', 'mini.md'), 'utf8')).toBe(SCRIPT);
  }, 180_000);
});
