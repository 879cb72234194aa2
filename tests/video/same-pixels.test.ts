/**
 * A shot renders to the same pixels whichever page, browser, process or pool size renders it, and
 * however loaded the machine is — the store's promise (a job done anywhere is never done again) and
 * every frame-for-frame test rest on it. A tiny lesson with every kind of picture (a slide, an
 * editor opening a YAML file, typing, output, a popup) at 640×360 is rendered three ways: every
 * shot in order on one page; each shot alone on a fresh page (a fresh browser), in reverse order,
 * by a "process" whose highlighter ran on a machine so loaded that every tick of the clock is a
 * second; and shuffled over a pool of two pages. Every segment's decoded frames (framemd5) and
 * first and last frames must be identical.
 *
 * What differed before (issue 22): shiki stops tokenizing a line after 500 ms and leaves the rest
 * uncolored, and the first line of a file (where the grammar compiles) passed that on a loaded
 * machine — the same YAML comment came out gray in one build and green in another. The first test
 * shows that clock at work on shiki's defaults, and that ours does not depend on it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCourse, type Course } from '../../src/course.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { planVideo, type Shot } from '../../src/render/video/plan-video.ts';
import { renderGuard } from '../../src/render/video/render-guard.ts';
import { renderShots } from '../../src/render/video/render-shots.ts';
import { stagePool } from '../../src/render/video/stage-pool.ts';
import { videoStageWriter } from '../../src/render/video/stage-session.ts';
import { videoInputs } from '../../src/render/video/video-inputs.ts';
import { stageScale } from '../../src/render/video/video-params.ts';
import { editorFiles } from '../../src/stage/editor-files.ts';
import { highlightLines } from '../../src/stage/highlight-code.ts';
import { sceneSteps } from '../../src/stage/stage-steps.ts';
import { storeFor } from '../../src/store/store-for.ts';
import { makeMiniCourse } from './mini-course.ts';

const YAML = `# The apache pod: serves the default httpd page on port 80.
apiVersion: v1
kind: Pod
metadata:
  name: pod-httpd   # a comment after a value
spec:
  containers:
    - name: httpd
      image: httpd:2.4
`;

const SCRIPT = `## slide

Welcome to the pixels lesson.

## vscode

Here is the pod.

\`\`\`bash
code configs/pod.yml
\`\`\`

And now we apply it.

\`\`\`bash
$ kubectl apply -f configs/pod.yml
pod/pod-httpd created
\`\`\`

\`\`\`popup
created, not yet running
\`\`\`

## terminal

One more look at it.

\`\`\`bash
$ kubectl get pod pod-httpd
NAME        READY   STATUS    RESTARTS   AGE
pod-httpd   1/1     Running   0          5s
\`\`\`

That is the whole lesson.
`;

/** Runs `fn` on a machine so loaded that every reading of the clock is a second later than the last. */
async function onALoadedMachine<T>(fn: () => Promise<T>): Promise<T> {
  const real = Date.now;
  let t = real();
  Date.now = () => (t += 1000);
  try { return await fn(); } finally { Date.now = real; }
}

const frames = (file: string) => execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'framemd5', '-'], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.startsWith('#'));

let root: string;
const guard = renderGuard();
beforeAll(() => {
  root = makeMiniCourse(SCRIPT);
  mkdirSync(join(root, 'configs'));
  writeFileSync(join(root, 'configs', 'pod.yml'), YAML);
  writeFileSync(join(root, 'lessoncast.config.mjs'), "export default { voice: { engine: 'espeak-ng' }, video: { width: 640, height: 360 } };\n");
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('highlighting depends on the text alone', () => {
  it("shiki's default stops a line on the clock (line 1 uncolored on a loaded machine); ours gives the same colors at any load", async () => {
    const { createHighlighterCore } = await import('shiki/core');
    const { createJavaScriptRegexEngine } = await import('shiki/engine/javascript');
    const [theme, yaml] = await Promise.all([import('@shikijs/themes/dark-plus'), import('@shikijs/langs/yaml')]);
    const hl = await createHighlighterCore({ themes: [theme.default], langs: [yaml.default], engine: createJavaScriptRegexEngine() });
    const firstColors = (opts: object) => hl.codeToTokens(YAML, { lang: 'yaml', theme: 'dark-plus', ...opts }).tokens[0].map((t) => t.color);
    expect(firstColors({})).toEqual(['#6A9955']);
    expect(await onALoadedMachine(async () => firstColors({}))).toEqual(['#D4D4D4']);

    const calm = await highlightLines(YAML, 'yaml');
    expect(await onALoadedMachine(() => highlightLines(YAML, 'yaml'))).toEqual(calm);
    expect(calm[0]).toContain('color:#6A9955');
  });
});

describe('the same pixels everywhere', () => {
  it('shots in order on one page = each alone on a fresh page in reverse (highlighted under load, another cache) = shuffled over a pool of two', async () => {
    const a = await openCourse({ root, out: 'build-a' });
    const lesson = await readLesson(a, 'mini');
    const inputs = await videoInputs(a, lesson);
    const plan = planVideo(inputs);
    const seen = new Set<string>();
    const shots = plan.shots.filter((s) => !seen.has(s.key.hash) && seen.add(s.key.hash));
    expect(shots.length).toBeGreaterThanOrEqual(3);
    /** Renders `order` over a new pool of `pages` pages (each its own browser), `pages` shots at once, into `c`'s store. */
    const render = async (c: Course, order: Shot[], pages: number, name: string) => {
      const pool = stagePool({ size: pages, work: join(root, `work-${name}`), guard });
      try {
        await Promise.all(Array.from({ length: pages }, async (_, lane) => {
          const work = join(root, `work-${name}-${lane}`);
          mkdirSync(work, { recursive: true });
          for (const shot of order.filter((_, k) => k % pages === lane)) {
            const session = await pool.session({ key: 'mini', scale: stageScale(inputs.params), write: (dir) => videoStageWriter(dir, { course: c, lesson, casts: inputs.casts, timeline: inputs.timeline }) });
            try { await renderShots(session, [shot], { params: inputs.params, everyFrame: false, guard, store: storeFor(c), work }); } finally { await session.close(); }
          }
        }));
      } finally {
        await pool.close();
      }
    };

    // 1. In order on one page (a pool of one keeps its page on the lesson's stage).
    await render(a, shots, 1, 'a');

    // 2. Another process's cache, its highlighting done on a loaded machine; each shot alone on a fresh page (a new pool), in reverse.
    const b = await openCourse({ root, out: 'build-b' });
    await onALoadedMachine(async () => {
      for (const scene of lesson.scenes) await editorFiles(b, lesson, sceneSteps(scene).steps);
    });
    for (const [i, shot] of [...shots].reverse().entries()) await render(b, [shot], 1, `b${i}`);

    // 3. Shuffled over a pool of two pages (two browsers), two shots at once.
    const c = await openCourse({ root, out: 'build-c' });
    await render(c, [shots[1], shots[2], shots[0], ...shots.slice(3)], 2, 'c');

    for (const shot of shots) {
      const [ea, eb, ec] = await Promise.all([storeFor(a).get(shot.key), storeFor(b).get(shot.key), storeFor(c).get(shot.key)]);
      const want = frames(ea!.files['segment.mp4']);
      expect(frames(eb!.files['segment.mp4']), `${shot.sceneId} ${shot.start}-${shot.end}, fresh page`).toEqual(want);
      expect(frames(ec!.files['segment.mp4']), `${shot.sceneId} ${shot.start}-${shot.end}, pool of two`).toEqual(want);
      for (const f of ['first.jpg', 'last.jpg']) {
        expect(readFileSync(eb!.files[f]).equals(readFileSync(ea!.files[f])), `${shot.sceneId} ${f}`).toBe(true);
        expect(readFileSync(ec!.files[f]).equals(readFileSync(ea!.files[f])), `${shot.sceneId} ${f}`).toBe(true);
      }
    }
  }, 300_000);
});
