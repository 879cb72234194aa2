/**
 * The video end to end on a ~12 s lesson (2 scenes, a command, a popup), real espeak-ng, Chromium
 * and ffmpeg: streams, durations, chapters, captions, a frame at a command's time, A/V sync, the
 * scene cache after an edit, and Ctrl-C mid-render.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../src/adapters/browser.ts';
import { openCourse, type Course } from '../../src/course.ts';
import { readWav } from '../../src/narrate/wav.ts';
import { readLesson } from '../../src/parse/read-lesson.ts';
import { buildVideo } from '../../src/render/video/build-video.ts';
import { openStage } from '../../src/render/video/stage-driver.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { timelineFor } from '../../src/schedule/timeline-for.ts';
import { writeStagePage } from '../../src/stage/write-stage.ts';
import { conformance } from './conformance.ts';
import { makeMiniCourse } from './mini-course.ts';
import { closerWhereTheyDiffer, grayFrame, grayImage, meanDiff, onset, pcm, probe } from './probe.ts';

const FRAME = 1 / 30;
let root: string;
let course: Course;
let result: Awaited<ReturnType<typeof buildVideo>>;
let timeline: Timeline;

beforeAll(async () => {
  root = makeMiniCourse();
  course = await openCourse({ root });
  const lesson = await readLesson(course, 'mini');
  result = await buildVideo(course, lesson, {});
  timeline = result.timeline;
});
afterAll(() => { if (root && !process.env.KEEP) rmSync(root, { recursive: true, force: true }); });

describe('buildVideo', () => {
  it('writes H.264 + AAC + mov_text, 1920×1080 yuv420p, as long as the timeline within one frame', () => {
    expect(result.file).toBe(join(root, 'build', 'mini', 'mini.mp4'));
    const p = probe(result.file);
    const v = p.streams.find((s) => s.codec_type === 'video')!;
    const a = p.streams.find((s) => s.codec_type === 'audio')!;
    const s = p.streams.find((x) => x.codec_type === 'subtitle')!;
    expect(v).toMatchObject({ codec_name: 'h264', width: 1920, height: 1080, pix_fmt: 'yuv420p' });
    expect(a.codec_name).toBe('aac');
    expect(s.codec_name).toBe('mov_text');
    expect(Math.abs(Number(v.duration) - timeline.duration)).toBeLessThanOrEqual(FRAME);
    expect(Math.abs(Number(a.duration) - timeline.duration)).toBeLessThanOrEqual(FRAME);
    expect(Math.abs(Number(p.format.duration) - timeline.duration)).toBeLessThanOrEqual(FRAME);
    expect(result.duration).toBe(timeline.duration);
  });

  it('is an ordinary MP4: H.264 High level 4.0, BT.709, frames on a 1/30 s clock declared at 30 fps, keyframes ≤ 10 s apart, AAC-LC 48 kHz, decodes without error', () => {
    const c = conformance(result.file);
    expect(c).toMatchObject({ codec: 'h264', profile: 'High', level: 40, pixFmt: 'yuv420p', rFrameRate: '30/1', timeBase: '1/30', onTick: true });
    expect(c.colors).toEqual({ space: 'bt709', transfer: 'bt709', primaries: 'bt709' });
    expect(c.minFrameTicks).toBeGreaterThanOrEqual(1);
    expect(c.maxKeyGap).toBeLessThanOrEqual(10);
    expect(c.audio).toEqual({ codec: 'aac', profile: 'LC', sampleRate: 48000, channels: 1 });
    expect(c.decodeErrors).toBe('');
    // A frame per change, not per tick: far fewer frames than the clock has.
    expect(c.frames).toBeLessThan(timeline.duration * 30 / 3);
    expect(Math.abs(c.integrated - -16)).toBeLessThanOrEqual(1);
    expect(c.truePeak).toBeLessThanOrEqual(-1);
  });

  it('in Chromium, a <video> sought to the middle of any cue shows the picture the stage draws then', async () => {
    const lesson = await readLesson(course, 'mini');
    const { casts } = await timelineFor(course, lesson);
    const dir = join(root, 'seek-check');
    const { file } = await writeStagePage(dir, { course, lesson, casts }, { mode: 'video', timeline });
    writeFileSync(join(dir, 'player.html'), `<!doctype html><body style="margin:0;background:#000"><video id="v" muted preload="auto" src="${result.file}" style="display:block;width:1920px;height:1080px"></video></body>`);
    let session: BrowserSession | null = null;
    try {
      session = await launchBrowser();
      const player = await session.browser.newPage();
      await player.setViewport({ width: 1920, height: 1080 });
      await player.goto(`file://${join(dir, 'player.html')}`);
      await player.evaluate(() => new Promise((r) => { const v = document.getElementById('v') as HTMLVideoElement; if (v.readyState >= 2) r(null); else v.addEventListener('loadeddata', () => r(null), { once: true }); }));
      const cues = timeline.cues.filter((c) => c.type !== 'scene' && c.end - c.start >= 0.3);
      expect(cues.length).toBeGreaterThanOrEqual(5);
      const mids = cues.map((c) => (c.start + c.end) / 2);
      for (const [i, mid] of mids.entries()) {
        await player.evaluate((t) => new Promise((r) => {
          const v = document.getElementById('v') as HTMLVideoElement;
          // Seeked and the sought frame presented (requestVideoFrameCallback; at most 1 s after seeked on
          // a busy machine), then two animation frames: the sought picture is painted.
          let seeked = false, presented = false;
          const done = () => { if (seeked && presented) requestAnimationFrame(() => requestAnimationFrame(() => r(null))); };
          (v as HTMLVideoElement & { requestVideoFrameCallback(cb: () => void): number }).requestVideoFrameCallback(() => { if (!presented) { presented = true; done(); } });
          v.addEventListener('seeked', () => { seeked = true; setTimeout(() => { if (!presented) { presented = true; done(); } }, 1000); done(); }, { once: true });
          v.currentTime = t;
        }), mid);
        // A loaded machine paints late: the compositor gets a moment more before the screenshot.
        await new Promise((r) => setTimeout(r, 300));
        writeFileSync(join(dir, `video-${i}.png`), await player.screenshot({ type: 'png' }));
      }
      // The stage in its own tab once the player is gone (a background tab does not paint).
      await player.close();
      const stage = await openStage(session.browser, file, { width: 1920, height: 1080 });
      const stageAt: Buffer[] = [];
      for (const [i, mid] of mids.entries()) {
        await stage.seek(mid);
        writeFileSync(join(dir, `stage-${i}.jpg`), await stage.capture());
        stageAt.push(grayImage(join(dir, `stage-${i}.jpg`)));
      }
      let distinct = 0;
      for (const [i, mid] of mids.entries()) {
        const video = grayImage(join(dir, `video-${i}.png`));
        const what = `${cues[i].id} at ${mid.toFixed(2)} s`;
        // The same picture (up to the encoder and the two color conversions)...
        expect(meanDiff(video, stageAt[i]), what).toBeLessThan(3);
        // ...and where another cue's picture differs from this one, the video has this one's pixels.
        for (const j of [i - 1, i + 1]) {
          if (j < 0 || j >= mids.length) continue;
          const where = closerWhereTheyDiffer(video, stageAt[i], stageAt[j]);
          if (where.pixels < 50) continue;
          distinct++;
          // Mid-typing the stage moves every few ticks and the video shows a change from the next tick on: closer is enough.
          expect(where.toA * (cues[i].type === 'command' ? 1 : 3), `${what} vs ${cues[j].id}`).toBeLessThan(where.toB);
        }
      }
      expect(distinct).toBeGreaterThanOrEqual(3);
    } finally {
      await session?.close();
    }
  });

  it('has a chapter per scene with the scene titles, captions and a poster beside the MP4', () => {
    const p = probe(result.file);
    expect(p.chapters.map((c) => c.tags?.title)).toEqual(timeline.scenes.map((s) => s.title));
    expect(p.chapters.map((c) => c.tags?.title)).toEqual(['Mini lesson', 'Let us say hello']);
    expect(Number(p.chapters[1].start_time)).toBeCloseTo(timeline.scenes[1].start, 2);
    const vtt = readFileSync(join(root, 'build', 'mini', 'mini.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('Welcome to the mini lesson.');
    expect(readFileSync(join(root, 'build', 'mini', 'mini.srt'), 'utf8')).toMatch(/^1\r?\n00:00:00,500 --> /);
    const poster = probe(join(root, 'build', 'mini', 'poster.jpg')).streams[0];
    expect(poster).toMatchObject({ width: 1920, height: 1080 });
  });

  it('a frame at the command\'s time shows what the stage shows at that time, and differs from before it', async () => {
    const cue = timeline.cues.find((c) => c.type === 'command')!;
    const lesson = await readLesson(course, 'mini');
    const { casts } = await timelineFor(course, lesson);
    const dir = join(root, 'stage-check');
    const { file } = await writeStagePage(dir, { course, lesson, casts }, { mode: 'video', timeline });
    let session: BrowserSession | null = null;
    try {
      session = await launchBrowser();
      const stage = await openStage(session.browser, file, { width: 1920, height: 1080 });
      const page = (await session.browser.pages()).at(-1)!;
      await stage.seek(cue.start - 0.5);
      writeFileSync(join(dir, 'before.jpg'), await stage.capture());
      const beforeImage = grayImage(join(dir, 'before.jpg'));
      // Mid-typing (a partly typed command: no typed frame may be lost) and after the output.
      for (const [name, at] of [['typing', (cue.start + cue.typedAt!) / 2], ['done', cue.end - 0.05]] as const) {
        await stage.seek(at);
        const text = await page.evaluate(() => document.body.innerText);
        if (name === 'done') expect(text).toContain('echo hello world');
        else expect(text).not.toContain('echo hello world');
        writeFileSync(join(dir, `${name}.jpg`), await stage.capture());
        const atImage = grayImage(join(dir, `${name}.jpg`));
        const frame = grayFrame(result.file, at);
        expect(meanDiff(frame, atImage), name).toBeLessThan(2);
        // Where the command's text is (the pixels that differ with and without it), the frame has it.
        const where = closerWhereTheyDiffer(frame, atImage, beforeImage);
        expect(where.pixels, name).toBeGreaterThan(50);
        expect(where.toA * 3, name).toBeLessThan(where.toB);
      }
    } finally {
      await session?.close();
    }
  });

  it('keeps narration in sync: each paragraph\'s speech starts within 40 ms of its cue', () => {
    const rate = 24000;
    const samples = pcm(result.file, rate);
    const firsts = timeline.cues.filter((c) => c.type === 'narration' && c.audio && c.ref.endsWith('#1'));
    expect(firsts.length).toBeGreaterThanOrEqual(3);
    for (const c of firsts) {
      const clip = readWav(c.audio!);
      const inClip = onset(clip.samples, clip.sampleRate, 0) / clip.sampleRate;
      const heard = onset(samples, rate, Math.round((c.start - 0.2) * rate)) / rate;
      expect(Math.abs(heard - (c.start + inClip))).toBeLessThan(0.04);
    }
  });

  it('is up to date on a second run: nothing captured, nothing encoded', async () => {
    const lesson = await readLesson(course, 'mini');
    const t0 = Date.now();
    const again = await buildVideo(course, lesson, {});
    expect(again.stats.upToDate).toBe(true);
    expect(again.stats.frames).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('--fps 30 gives a constant frame rate of the same length', async () => {
    const c = await openCourse({ root, out: 'build-cfr' });
    cpSync(join(root, 'build', '.cache', 'speech'), join(root, 'build-cfr', '.cache', 'speech'), { recursive: true });
    const r = await buildVideo(c, await readLesson(c, 'mini'), { fps: 30 });
    const v = probe(r.file).streams.find((s) => s.codec_type === 'video')!;
    expect(v.r_frame_rate).toBe('30/1');
    expect(Math.abs(Number(v.duration) - timeline.duration)).toBeLessThanOrEqual(FRAME);
    // Every tick has its frame, across the joins of segments that start between ticks.
    expect(Number(v.nb_frames)).toBe(Math.ceil(timeline.duration * 30 - 1e-9));
    const cfr = conformance(r.file);
    expect(cfr).toMatchObject({ onTick: true, minFrameTicks: 1, level: 40, decodeErrors: '' });
    expect(cfr.avgFrameRate).toBe('30/1');
    expect(r.plan.shots.some((s) => (s.start * 30) % 1000 !== 0)).toBe(true);
  });

  it('after a narration edit re-renders only the shot that holds it', async () => {
    const copy = `${root}-edit`;
    cpSync(root, copy, { recursive: true });
    try {
      const file = join(copy, 'transcripts', 'mini.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Welcome to the mini lesson.', 'Welcome to the mini lesson about the terminal.'));
      const c2 = await openCourse({ root: copy });
      const r = await buildVideo(c2, await readLesson(c2, 'mini'), {});
      expect(r.stats.rendered).toBe(1);
      expect(r.stats.cached).toBe(r.stats.shots - 1);
      expect(r.duration).toBeGreaterThan(timeline.duration);
      expect(Math.abs(Number(probe(r.file).format.duration) - r.duration)).toBeLessThanOrEqual(FRAME);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('Ctrl-C mid-render leaves no file at the final path and no work files; the next build resumes from the store', async () => {
    const copy = `${root}-kill`;
    cpSync(root, copy, { recursive: true, filter: (src) => !src.startsWith(join(root, 'build')) || src.includes(`${join(root, 'build', '.cache', 'speech')}`) || src === join(root, 'build') || src === join(root, 'build', '.cache') });
    try {
      const shotDir = join(copy, 'build', '.cache', 'shot');
      const shots = () => (existsSync(shotDir) ? readdirSync(shotDir).filter((f) => !f.startsWith('.')) : []);
      const child = spawn(process.execPath, ['bin/lessoncast.mjs', 'build', 'mini', '--video', '--no-progress', '--root', copy], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && shots().length === 0) await new Promise((r) => setTimeout(r, 20));
      expect(shots().length).toBeGreaterThan(0);
      child.kill('SIGINT');
      const code = await exited;
      expect(code, stderr).toBe(130);
      expect(existsSync(join(copy, 'build', 'mini', 'mini.mp4'))).toBe(false);
      const cache = join(copy, 'build', '.cache');
      const leftovers = [...(existsSync(join(cache, 'work')) ? readdirSync(join(cache, 'work')) : []), ...readdirSync(shotDir).filter((f) => f.startsWith('.')),
        ...(existsSync(join(copy, 'build', 'mini')) ? readdirSync(join(copy, 'build', 'mini')).filter((f) => f.includes('.tmp-')) : [])];
      expect(leftovers.join(', ')).toBe('');
      const c2 = await openCourse({ root: copy });
      const r = await buildVideo(c2, await readLesson(c2, 'mini'), {});
      expect(r.stats.cached).toBeGreaterThanOrEqual(1);
      expect(existsSync(r.file)).toBe(true);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
