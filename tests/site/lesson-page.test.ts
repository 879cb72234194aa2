/** The lesson and index pages as pure functions of their data: content, timings, relative links, escaping. */
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import { synthesizeCast } from '../../src/casts/synthesize-cast.ts';
import { writeCast } from '../../src/casts/asciicast.ts';
import { lessonCommands } from '../../src/types.ts';
import { estimateAudio, knownDurations } from '../../src/dev/estimate-audio.ts';
import { lessonSummary, lessonView, type LessonMedia } from '../../src/render/site/lesson-view.ts';
import { renderLessonPage } from '../../src/render/site/render-lesson-page.ts';
import { renderIndexPage } from '../../src/render/site/render-index-page.ts';
import { clock } from '../../src/render/site/html.ts';
import { ALPHA } from './site-fixture.ts';

const lesson = parseLesson(ALPHA, { file: 'transcripts/alpha.md', slug: 'alpha' });
const casts = lessonCommands(lesson).map((c) => synthesizeCast(c, lesson.meta.terminal));
const timeline = scheduleLesson(lesson, estimateAudio(lesson, knownDurations(null)).audio, casts);
const noMedia: LessonMedia = { video: null, vtt: null, srt: null, poster: null, deck: null, captionsText: null };
const withMedia: LessonMedia = {
  video: { file: 'alpha.mp4', size: 2_500_000 }, vtt: { file: 'alpha.vtt', size: 900 }, srt: { file: 'alpha.srt', size: 950 },
  poster: 'poster.jpg', deck: 'deck/index.html', captionsText: 'WEBVTT\n\n00:00.000 --> 00:01.000\nWelcome back.\n',
};

function view(media: LessonMedia, extra: Partial<Parameters<typeof lessonView>[0]> = {}) {
  return lessonView({
    lesson, courseTitle: 'Networking basics', timeline, media, number: 1, count: 2, prev: null, next: { slug: 'beta', title: 'Services' },
    casts: new Map(casts.map((c) => [c.commandId, { text: writeCast(c.cast), cols: c.cast.cols, rows: c.cast.rows, lines: 3, recorded: false }])),
    files: new Map([['configs/pod-httpd.yml', 'kind: Pod\n']]),
    ...extra,
  });
}

describe('lessonView', () => {
  it('joins the transcript with the timeline: chapters, paragraphs, commands, files, popups', () => {
    const v = view(noMedia);
    expect(v.chapters.map((c) => c.start)).toEqual(timeline.scenes.map((s) => s.start));
    expect(v.chapters.map((c) => c.title)).toEqual(timeline.scenes.map((s) => s.title));
    const blocks = v.chapters.flatMap((c) => c.blocks);
    expect(blocks.map((b) => b.type)).toEqual(['narration', 'narration', 'narration', 'file', 'command', 'narration', 'popup', 'narration']);
    const para = blocks.find((b) => b.type === 'narration' && b.id === 'the-pod-is-running-and-it')!;
    const cues = timeline.cues.filter((c) => c.narrationId === 'the-pod-is-running-and-it');
    expect(para).toMatchObject({ start: cues[0].start, end: cues.at(-1)!.end });
    expect(blocks.find((b) => b.type === 'command')).toMatchObject({ command: 'kubectl get pods -o wide', output: expect.arrayContaining(['pod-httpd   1/1     Running   172.17.0.3']) });
    expect(blocks.find((b) => b.type === 'file')).toMatchObject({ path: 'configs/pod-httpd.yml', content: 'kind: Pod\n' });
    expect(v.duration).toBe(timeline.duration);
  });

  it('summarises a lesson by its first narrated sentence', () => {
    expect(lessonSummary(lesson)).toBe('Welcome back.');
    const long = parseLesson(`${'word '.repeat(60)}end.`, { file: 'x.md', slug: 'x' });
    expect(lessonSummary(long).length).toBeLessThanOrEqual(160);
    expect(lessonSummary(long).endsWith('…')).toBe(true);
  });
});

describe('renderLessonPage', () => {
  it('without a video: says so, no player, no seek buttons, chapters link to the transcript', () => {
    const html = renderLessonPage(view(noMedia));
    expect(html).toContain('has not been built yet');
    expect(html).not.toMatch(/<video|data-seek|\.mp4/);
    expect(html).toContain('<a class="chapter" href="#scene-1">');
    expect(html).not.toContain('add a diagram'); // TODO notes are never shown
  });

  it('with a video: captions track on by default, poster, chapters and paragraphs that seek, downloads, deck link', () => {
    const html = renderLessonPage(view(withMedia));
    expect(html).toMatch(/<video id="lesson-video" controls preload="metadata" playsinline poster="poster.jpg"/);
    expect(html).toMatch(/<track kind="captions" src="data:text\/vtt;charset=utf-8;base64,[A-Za-z0-9+/=]+" srclang="en" label="English" default>/);
    expect(html).toContain(`data-seek="${Math.round(timeline.scenes[1].start * 1000) / 1000}"`);
    expect(html.match(/class="para"/g)).toHaveLength(5);
    expect(html.match(/<button type="button" class="seek"/g)!.length).toBeGreaterThanOrEqual(7);
    for (const href of ['deck/index.html', 'alpha.mp4', 'alpha.vtt', 'alpha.srt', '../beta/index.html', '../index.html'])
      expect(html).toContain(`href="${href}"`);
    expect(html).toContain('2.4 MB');
  });

  it('uses only relative links and assets', () => {
    const html = renderLessonPage(view(withMedia));
    const refs = [...html.matchAll(/\s(?:href|src|poster)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(ref, ref).toMatch(/^(?!\/|[a-z]+:\/\/)|^data:/);
  });

  it('escapes what the script says and inlines casts safely', () => {
    const evil = parseLesson('Say <script>alert(1)</script> and `</script>` please.\n\n```bash\n$ echo "</script><b>"\n</script><b>\n```\n', { file: 'e.md', slug: 'e' });
    const c = lessonCommands(evil).map((cmd) => synthesizeCast(cmd, evil.meta.terminal));
    const html = renderLessonPage(lessonView({
      lesson: evil, courseTitle: 'T', timeline: null, media: noMedia, number: 1, count: 1, prev: null, next: null, files: new Map(),
      casts: new Map(c.map((x) => [x.commandId, { text: writeCast(x.cast), cols: 80, rows: 24, lines: 2, recorded: false }])),
    }));
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Only the page's own script tags close.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('marks estimated times with ~', () => {
    const html = renderLessonPage(view(withMedia, { estimated: true }));
    expect(html).toContain('estimates until the narration is synthesized');
    expect(html).toMatch(/class="seek"[^>]*>~\d+:\d\d</);
  });
});

describe('renderIndexPage', () => {
  it('lists lessons as cards with poster, title, duration and summary; placeholder art without a video', () => {
    const html = renderIndexPage('Networking basics', [
      { slug: 'alpha', title: 'Reaching a pod', summary: 'Welcome back.', duration: 83.4, estimated: false, poster: 'alpha/poster.jpg', hasVideo: true },
      { slug: 'beta', title: 'Services & <DNS>', summary: 'A service.', duration: null, estimated: false, poster: null, hasVideo: false },
    ]);
    expect(html).toContain('<h1>Networking basics</h1>');
    expect(html).toContain('<img src="alpha/poster.jpg" alt="Opening frame of the video for “Reaching a pod”"');
    expect(html).toContain('>1:23</span>');
    expect(html).toContain('Services &amp; &lt;DNS&gt;');
    expect(html).toContain('href="beta/index.html"');
    expect(html).toContain('video not built yet');
    expect(html).toContain('2 lessons · 1:23 of video');
  });

  it('formats clock times', () => {
    expect([clock(0), clock(59.99), clock(83.4), clock(3725)]).toEqual(['0:00', '0:59', '1:23', '1:02:05']);
  });
});
