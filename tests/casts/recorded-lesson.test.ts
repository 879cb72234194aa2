/**
 * End to end: a tiny lesson recorded three ways — a command-only cast (`asciinema rec -c`), a cast
 * `lessoncast record` wrote, and a whole asciinema session with a Powerline prompt (110 columns,
 * box drawing, blocks, Braille, CJK, Hangul, emoji) — through lint, the timeline and a real video
 * (buildVideo: espeak-ng, Chromium, ffmpeg). Each command is typed once and shows its recorded
 * output, and every glyph comes from a bundled font.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { lessonCasts } from '../../src/casts/lesson-casts.ts';
import { openCourse, type Course } from '../../src/course.ts';
import { lintLesson } from '../../src/lint/lint-lesson.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildVideo } from '../../src/render/video/build-video.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import type { Lesson } from '../../src/types.ts';
import { fontsUsed } from '../stage/fonts-used.ts';

const CASTS = new URL('../fixtures/casts/asciinema/', import.meta.url).pathname;
const PRINTF = "printf '┌─┬─┐ ▁▂▃▅▇█ ⠿⣿⡇ ✔ ✘ ❯ 日本語 한국어 🚀 📦\\n'";
const SCRIPT = `---
title: Recorded three ways
---
## terminal

First the pods.

\`\`\`bash
$ kubectl get pods
$ kubectl apply -f pods.yml
\`\`\`

Then a whole session.

\`\`\`bash
$ kubectl get pods -o wide
$ kubectl rollout status deploy/web
$ ${PRINTF}
\`\`\`
`;
const COMMANDS = ['kubectl get pods', 'kubectl apply -f pods.yml', 'kubectl get pods -o wide', 'kubectl rollout status deploy/web', PRINTF];

let root: string;
let course: Course;
let lesson: Lesson;
let timeline: Timeline;
let video: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lessoncast-recorded-'));
  mkdirSync(join(root, 'transcripts'));
  const rec = join(root, 'recordings', 'three');
  mkdirSync(rec, { recursive: true });
  writeFileSync(join(root, 'transcripts', 'three.md'), SCRIPT);
  writeFileSync(join(root, 'lessoncast.config.mjs'), "export default { voice: { engine: 'espeak-ng' }, idleTimeLimit: 1 };\n");
  copyFileSync(join(CASTS, 'command-only-get-pods.cast'), join(rec, '01-kubectl-get-pods.cast'));
  copyFileSync(join(CASTS, 'lessoncast-apply.cast'), join(rec, '02-kubectl-apply-f-pods-yml.cast'));
  copyFileSync(join(CASTS, 'session-powerline.cast'), join(rec, 'session.cast'));
  course = await openCourse({ root });
  lesson = await readLesson(course, 'three');
  const r = await buildVideo(course, lesson, {});
  timeline = r.timeline;
  video = r.file;
}, 120_000);
afterAll(() => { if (root && !process.env.KEEP) rmSync(root, { recursive: true, force: true }); else if (root) process.stderr.write(`kept ${root}\n`); });

describe('a lesson recorded three ways', () => {
  it('lint says what each recording is, and that every command plays a recording', async () => {
    const d = await lintLesson(course, lesson);
    const kinds = d.filter((x) => x.code === 'recording-kind').map((x) => `${x.file.split('/').pop()}: ${x.message.split(':')[0]}`);
    expect(kinds).toEqual([
      '01-kubectl-get-pods.cast: command-only recording',
      '02-kubectl-apply-f-pods-yml.cast: full recording',
      'session.cast: whole-session recording',
    ]);
    expect(d.find((x) => x.file.endsWith('session.cast'))!.message).toContain('3 commands (`kubectl get pods -o wide`, `kubectl rollout status deploy/web`');
    expect(d.filter((x) => x.code === 'cast-recorded').map((x) => x.message)).toEqual([
      'cmd-1 `kubectl get pods` plays recordings/three/01-kubectl-get-pods.cast',
      'cmd-2 `kubectl apply -f pods.yml` plays recordings/three/02-kubectl-apply-f-pods-yml.cast',
      'cmd-3 `kubectl get pods -o wide` plays recordings/three/session.cast (session, command 1 of 3)',
      'cmd-4 `kubectl rollout status deploy/web` plays recordings/three/session.cast (session, command 2 of 3)',
      `cmd-5 \`${PRINTF}\` plays recordings/three/session.cast (session, command 3 of 3)`,
    ]);
    // The one warning is true: the session typed its long printf for 5.7 s with nothing said meanwhile.
    expect(d.filter((x) => x.code === 'cast-synthesized' || x.severity !== 'info').map((x) => `${x.code} ${x.line}`)).toEqual(['quiet-stretch 18']);
    expect(d.find((x) => x.code === 'quiet-stretch')!.hint).toContain('typed for 5.7 s as recorded');
  });

  it('the timeline has one command cue per command, in order, each with Enter inside it', async () => {
    const cues = timeline.cues.filter((c) => c.type === 'command');
    expect(cues.map((c) => c.text)).toEqual(COMMANDS);
    const casts = await lessonCasts(course, lesson);
    cues.forEach((c, i) => {
      expect(c.typedAt!).toBeGreaterThan(c.start);
      expect(c.typedAt!).toBeLessThan(c.end);
      expect(c.end - c.start).toBeCloseTo(casts[i].cast.duration, 2);
      if (i > 0) expect(c.start).toBeGreaterThanOrEqual(cues[i - 1].end);
    });
    // The command-only cast types its command first (as a synthesized one); the others keep their recorded typing.
    expect(casts.map((c) => c.kind)).toEqual(['command-only', 'full', 'session', 'session', 'session']);
    expect(casts[0].cast.events.filter((e) => e.code === 'o' && e.data.length === 1).map((e) => e.data).join('')).toBe('kubectl get pods');
    expect(casts[3].cast.events.find((e) => e.data.includes('successfully rolled out'))).toBeDefined();
  });

  it('its video shows each command typed once with its recorded output, 110 columns unwrapped, every glyph from a bundled font', async () => {
    const casts = await lessonCasts(course, lesson);
    const dir = join(root, 'stage-check');
    const { file } = await writeStagePage(dir, { course, lesson, casts }, { mode: 'video', timeline });
    let session: BrowserSession | null = null;
    try {
      session = await launchBrowser();
      const page = await session.browser.newPage();
      await page.setViewport({ width: 1920, height: 1080 });
      await page.goto(pathToFileURL(file).href);
      await page.evaluate(() => (window as unknown as { lessoncastStage: { ready: Promise<void> } }).lessoncastStage.ready);
      const seek = (t: number) => page.evaluate((t) => (window as unknown as { lessoncastStage: { seek(t: number): Promise<boolean> } }).lessoncastStage.seek(t), t);
      const lines = () => page.evaluate(() => Array.from(document.querySelectorAll('section.lc-current .ap-term-text .ap-line')).map((l) => {
        let row = '';
        for (const s of Array.from(l.children) as HTMLElement[]) row = row.padEnd(Number(s.style.getPropertyValue('--offset'))) + s.textContent;
        return row.trimEnd();
      }));
      const outputs = ['pod-centos   1/1     Running   0          12s', 'pod/pod-centos created', 'pod-centos   1/1     Running   0          40s   10.244.0.8   minikube   <none>           <none>', 'deployment "web" successfully rolled out', '┌─┬─┐'];
      const cues = timeline.cues.filter((c) => c.type === 'command');
      for (const [i, cue] of cues.entries()) {
        // A millisecond after the cue: a cast's writes of one tick are drawn at the tick's last write
        // (coalesce-drawn.ts), which for the session's last command is the cue's very end.
        await seek(cue.end + 0.001);
        const screen = await lines();
        // Typed once: the command's line appears once (its prompt may be the course's `$ ` or the recording's own).
        // Blanks are left out of the comparison: a wide glyph (日, 🚀) takes two columns on the grid.
        const typed = (l: string, cmd: string) => l.replace(/\s/g, '').endsWith(cmd.replace(/\s/g, '')) && /[$\ue0b0] +\S/.test(l);
        for (const cmd of COMMANDS.slice(0, i + 1)) expect(screen.filter((l) => typed(l, cmd)).length, `${cmd} at cue ${i + 1}`).toBe(1);
        for (const cmd of COMMANDS.slice(i + 1)) expect(screen.some((l) => typed(l, cmd))).toBe(false);
        expect(screen.some((l) => l.includes(outputs[i])), `${outputs[i]} at the end of cue ${i + 1}, on screen:\n${screen.join("\n")}`).toBe(true);
      }
      const final = await lines();
      // The session was 110 columns wide: its 95-column lines stay whole (the lesson's own terminal is 80 wide).
      expect(lesson.meta.terminal.cols).toBe(80);
      expect(final.find((l) => l.includes('10.244.0.8'))!.length).toBe(95);
      expect(final.filter((l) => l.startsWith('Waiting for deployment "web" rollout to finish:') && l.endsWith('are available...'))).toHaveLength(2);
      expect(final.some((l) => l.includes('\ue0b0') && l.includes('\ue0a0 main'))).toBe(true); // the Powerline prompt
      const fonts = await fontsUsed(page, 'section.lc-current .ap-term-text .ap-line > span');
      expect(fonts.filter((f) => !f.custom), JSON.stringify(fonts)).toEqual([]);
      // (the fonts' own names: the Nerd symbols file calls itself Pure Nerd Font, DejaVu Mono is DejaVu Sans Mono)
      for (const family of ['JetBrains Mono', 'Pure Nerd Font', 'DejaVu Sans Mono', 'Noto Sans Symbols 2', 'Noto Emoji', 'Noto Sans SC', 'Noto Sans KR'])
        expect(fonts.some((f) => f.family.startsWith(family)), `${family} in ${JSON.stringify(fonts)}`).toBe(true);

      // The video's frame at the end of each command is the stage's picture checked above at that time.
      for (const [i, t] of [...cues.map((c) => c.end - 0.02), cues[cues.length - 1].end + 0.2].entries()) {
        await seek(t);
        const shot = join(dir, `stage-${i}.png`);
        await page.screenshot({ path: shot });
        const frame = gray(['-ss', Math.max(0, t - 8).toFixed(3), '-i', video, '-vf', `fps=100,select=gte(t\\,${(Math.min(8, t) - 0.005).toFixed(3)}),scale=480:270,format=gray`, '-frames:v', '1']);
        const stage = gray(['-i', shot, '-vf', 'scale=480:270,format=gray']);
        let diff = 0;
        for (let k = 0; k < frame.length; k++) diff += Math.abs(frame[k] - stage[k]);
        expect(diff / frame.length, `frame at ${t.toFixed(2)} s`).toBeLessThan(2);
      }
      expect(readFileSync(video).length).toBeGreaterThan(10_000);
    } finally {
      await session?.close();
    }
  }, 60_000);
});

/** Raw gray pixels of the first frame ffmpeg gives for these input arguments. */
function gray(args: string[]): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', ...args, '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 1 << 26 });
}
