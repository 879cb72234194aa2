/**
 * Secrets never reach an output (docs/security.md, "Secrets"). A lesson whose command prints a fake
 * token (recorded by `lessoncast record`), whose script holds one, whose old recording (made before
 * masking) holds one, and which opens a file holding one: after `record` and `build`, the token is in
 * none of the cast `record` wrote, the deck, the site, the video (MP4 and captions), the stage page of
 * the video (whose text is the source of every frame, so no frame needs reading), `inspect` or
 * `timeline`; lint names each place that holds it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCast } from '../../src/casts/asciicast.ts';
import { openCourse } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { timelineFor } from '../../src/schedule/timeline-for.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import { runCli } from '../cli/run-cli.ts';

// Fake tokens in GitHub's and AWS's documented shapes: none is real.
const PRINTED = 'ghp_' + 'Pr1nTeDbYaCoMmAnDaNdNeVeRsHoWnX0Y9Z8';
const WRITTEN = 'AKIA' + 'WRITTENINSCRIPT1';
const OLD = 'ghp_' + 'Ol0dRecOrDiNgMaDeBeFoReMaSkInGq1W2E3';
const OPENED = 'ghp_' + 'OpEnEdFiLeInThEeDiToRpAnEzzz9Y8X7W6V';
const SECRETS = { PRINTED, WRITTEN, OLD, OPENED };

const SCRIPT = `---
workdir: work
---
# Tokens

## terminal

We look at a token file, then at our settings.

\`\`\`bash
$ cat token.txt
code settings.env
$ export AWS_ACCESS_KEY_ID=${WRITTEN} # no output
$ gh auth status
\`\`\`

That is all.
`;

let root: string;
let deck = '';

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]));
}
/** The secrets whose text is in `bytes` (as UTF-8, or JSON-escaped, or as HTML entities would not change ASCII). */
function leaked(bytes: Buffer | string): string[] {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  return Object.entries(SECRETS).filter(([, s]) => text.includes(s.slice(4))).map(([k]) => k);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lc-secrets-'));
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'work'));
  mkdirSync(join(root, 'recordings', 'tokens'), { recursive: true });
  writeFileSync(join(root, 'lessoncast.config.mjs'), "export default { voice: { engine: 'espeak-ng' }, video: { width: 640, height: 360 } };\n");
  writeFileSync(join(root, 'transcripts', 'tokens.md'), SCRIPT);
  writeFileSync(join(root, 'work', 'token.txt'), `your token is ${PRINTED}\n`);
  writeFileSync(join(root, 'work', 'settings.env'), `REGION=eu-west-1\nGITHUB_TOKEN=${OPENED}\n`);
  // A recording made before masking (with asciinema): it holds a token as the command printed it.
  writeFileSync(join(root, 'recordings', 'tokens', '03-gh-auth-status.cast'), writeCast({
    version: 2, cols: 80, rows: 24, command: 'gh auth status', duration: 1,
    events: [{ time: 0.5, code: 'o', data: `github.com\r\n  ✓ Logged in\r\n  - Token: ${OLD.slice(0, 20)}` }, { time: 0.6, code: 'o', data: `${OLD.slice(20)}\r\n` }],
  }));
}, 30_000);
afterAll(() => { if (root && !process.env.KEEP) rmSync(root, { recursive: true, force: true }); });

describe('a token printed, written, recorded and opened reaches no output', () => {
  it('record writes the cast masked', async () => {
    const r = await runCli(['record', 'tokens', '--yes', '--only', '1', '--root', root]);
    expect(r.code).toBe(0);
    expect(leaked(r.stdout + r.stderr)).toEqual([]);
    const cast = readFileSync(join(root, 'recordings', 'tokens', '01-cat-token-txt.cast'), 'utf8');
    expect(cast).toContain("your token is ghp_••••••••");
    expect(leaked(cast)).toEqual([]);
  }, 30_000);

  it('lint finds the token in the script and in the old recording, and prints neither', async () => {
    const r = await runCli(['lint', 'tokens', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('transcripts/tokens.md:13:32 error secret an AWS access key id in the script');
    expect(r.stdout).toContain('recordings/tokens/03-gh-auth-status.cast:1:1 error secret the recording holds a secret (GitHub token, at 0.50 s)');
    expect(leaked(r.stdout + r.stderr)).toEqual([]);
  }, 30_000);

  it('build: deck, site, MP4 and captions hold none; nor inspect, timeline, or the stage page of the video', async () => {
    const b = await runCli(['build', '--root', root]);
    expect(b.stderr + b.stdout).toMatch(/secret/); // the lint error is reported; the lesson is still built as a draft
    const built = files(join(root, 'build')); // the cache too: what a later build publishes from
    const names = built.map((f) => relative(join(root, 'build'), f));
    expect(names).toEqual(expect.arrayContaining(['tokens/deck/index.html', 'tokens/index.html', 'tokens/tokens.mp4', 'tokens/tokens.vtt', 'index.html']));
    for (const f of built) expect(leaked(readFileSync(f)), relative(root, f)).toEqual([]);
    deck = readFileSync(join(root, 'build', 'tokens', 'deck', 'index.html'), 'utf8');
    expect(deck).toContain('ghp_••••••••'); // the masked forms are what shows
    expect(deck).toContain('AKIA••••••••');

    for (const args of [['inspect', 'tokens', '--json'], ['timeline', 'tokens', '--json']]) {
      const r = await runCli([...args, '--root', root]);
      expect(leaked(r.stdout), args.join(' ')).toEqual([]);
    }

    const course = await openCourse({ root });
    const lesson = await readLesson(course, 'tokens');
    const { timeline, casts } = await timelineFor(course, lesson);
    const dir = join(root, 'stage-check');
    const { file } = await writeStagePage(dir, { course, lesson, casts }, { mode: 'video', timeline });
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('ghp_••••••••');
    for (const f of files(dir)) expect(leaked(readFileSync(f)), relative(root, f)).toEqual([]);
  }, 180_000);
});
