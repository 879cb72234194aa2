/** The pure parts of the video: Matroska bytes, ffmpeg argument data, the frame clock, shot planning and keys, chapters. */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { clipLoudnessArgs, concatList, h264Level, h264Options, levelFilter, muxSpec, parseEbur128, segmentSpec, specArgs } from '../../src/adapters/ffmpeg.ts';
import type { LessonCast } from '../../src/casts/types.ts';
import { chaptersMetadata, escapeMetadata } from '../../src/render/video/chapters.ts';
import { lessonTicks, shotTicks, slotOf, tickMs } from '../../src/render/video/frame-grid.ts';
import { ebmlSize, element, matroskaFrame, matroskaHeader } from '../../src/render/video/matroska-stream.ts';
import { planShots } from '../../src/render/video/plan-shots.ts';
import { clipGains, planVideo } from '../../src/render/video/plan-video.ts';
import type { VideoInputs } from '../../src/render/video/video-inputs.ts';
import { stageScale, videoParams } from '../../src/render/video/video-params.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import type { SceneLook } from '../../src/store/artifact-inputs.ts';
import { LessoncastError } from '../../src/errors.ts';
import { cmd, fakeAudio, fakeCasts, lesson, popup, say, scene, term } from '../schedule/lesson-fixture.ts';

describe('Matroska stream', () => {
  it('encodes EBML sizes in the shortest form, never all-ones', () => {
    expect([...ebmlSize(0)]).toEqual([0x80]);
    expect([...ebmlSize(126)]).toEqual([0xfe]);
    expect([...ebmlSize(127)]).toEqual([0x40, 0x7f]);
    expect([...ebmlSize(300)]).toEqual([0x41, 0x2c]);
    expect(ebmlSize(200_000).length).toBe(3);
  });
  it('writes a header with the MJPEG track and frames as clusters with a duration', () => {
    const head = matroskaHeader({ width: 1920, height: 1080 });
    expect(head.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    expect(head.includes(Buffer.from('V_MJPEG'))).toBe(true);
    const f = matroskaFrame(Buffer.from('JPEG'), 1234, 66);
    expect(f.subarray(0, 4)).toEqual(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
    // Cluster timestamp 1234 = 0x04d2, block duration 66 = 0x42.
    expect(f.includes(Buffer.from([0xe7, 0x82, 0x04, 0xd2]))).toBe(true);
    expect(f.includes(Buffer.from([0x9b, 0x81, 66]))).toBe(true);
    expect(() => matroskaFrame(Buffer.from('x'), 1.5, 10)).toThrow(/whole ms/);
    expect(() => matroskaFrame(Buffer.from('x'), 0, 0)).toThrow(/> 0/);
    expect(element(0xa1, Buffer.alloc(3)).length).toBe(1 + 1 + 3);
  });
});

describe('ffmpeg arguments', () => {
  const p = { width: 1920, height: 1080, rate: 30, cfr: false, ticks: 90 };
  it('segments: matroska from stdin, frames on a 1/30 s clock declared at 30 fps, H.264 High yuv420p without B-frames', () => {
    const args = specArgs(segmentSpec(new PassThrough(), '/c/seg.mp4', p));
    // No probing: ffmpeg decodes each frame as it arrives (docs/video.md, "Encoding beside the capture").
    expect(args.slice(0, 10)).toEqual(['-threads', '1', '-probesize', '32', '-analyzeduration', '0', '-f', 'matroska', '-i', 'pipe:0']);
    const line = args.join(' ');
    expect(line).toContain('-fps_mode passthrough -r 30 -enc_time_base 1/30');
    expect(line).toContain('-video_track_timescale 30');
    expect(line).toContain('-c:v libx264');
    expect(line).toContain('-bf 0 -pix_fmt yuv420p -profile:v high -level 4 -maxrate 25000k -bufsize 31250k');
    expect(line).toContain('-force_key_frames expr:gte(t,n_forced*8)');
    expect(line).toContain('-x264-params rc-lookahead=0:sync-lookahead=0:sliced-threads=1');
    expect(line).toContain('-color_primaries bt709 -color_trc bt709 -colorspace bt709');
    expect(args.slice(-4)).toEqual(['-f', 'mp4', '-y', '/c/seg.mp4']);
  });
  it('segments with --fps: constant rate, cut at the tick count', () => {
    const args = specArgs(segmentSpec(new PassThrough(), 'o.mp4', { ...p, width: 1280, height: 720, cfr: true })).join(' ');
    expect(args).toContain('-fps_mode cfr -r 30 -frames:v 90');
    expect(args).toContain('scale=1280:720');
    expect(args).not.toContain('passthrough');
  });
  it('the level is the one the size and the clock need (H.264 Table A-1)', () => {
    expect(h264Level(1920, 1080, 30).level).toBe('4');
    expect(h264Level(1280, 720, 30).level).toBe('3.1');
    expect(h264Level(2560, 1440, 30).level).toBe('5');
    expect(h264Level(3840, 2160, 30).level).toBe('5.1');
    expect(h264Level(1920, 1080, 60).level).toBe('4.2');
    expect(h264Level(3840, 2160, 60).level).toBe('5.2');
    // The 1 ms clock of old: 1000 "frames" a second needed level 6.1.
    expect(h264Level(1920, 1080, 1000).level).toBe('6.1');
    expect(h264Level(7680, 4320, 120).level).toBe("6.2");
    expect(() => h264Level(7680, 4320, 240)).toThrow(LessoncastError);
    expect(h264Options({ width: 3840, height: 2160, rate: 30, cfr: false }).join(' ')).toContain('-level 5.1 -maxrate 300000k');
  });
  it('final mux: concat without re-encoding, narration, chapters, mov_text captions, the clock, faststart', () => {
    const args = specArgs(muxSpec({ concatList: 'l.txt', audio: 'a.m4a', chapters: 'c.txt', captions: 'c.vtt', output: 'x.mp4', rate: 30 })).join(' ');
    expect(args).toContain('-f concat -safe 0 -i l.txt -i a.m4a');
    expect(args).toContain('-f ffmetadata -i c.txt');
    expect(args).toContain('-f webvtt -i c.vtt');
    expect(args).toContain('-map_chapters 2');
    expect(args).toContain('-c:v copy -c:a copy -c:s mov_text');
    expect(args).toContain('-video_track_timescale 30');
    expect(args).toContain('-movflags +faststart');
    const none = specArgs(muxSpec({ concatList: 'l', audio: 'a', chapters: 'c', captions: null, output: 'o', rate: 30 })).join(' ');
    expect(none).not.toContain('mov_text');
  });
  it('the concat list puts each segment on its ticks of the lesson clock and drops a closing frame past them', () => {
    expect(concatList([{ file: "/s/it's.mp4", ticks: 90 }, { file: '/s/b.mp4', ticks: 31 }], 30)).toBe(
      "ffconcat version 1.0\nfile '/s/it'\\''s.mp4'\nduration 3.000000\noutpoint 2.983333\nfile '/s/b.mp4'\nduration 1.033333\noutpoint 1.016667\n");
  });
  it('loudness: one ebur128 per clip, its summary parsed; the level filter is a gain and a limiter', () => {
    expect(clipLoudnessArgs(['a.wav', 'b.wav']).join(' ')).toContain('-i a.wav -i b.wav -filter_complex [0:a]ebur128[o0];[1:a]ebur128[o1] -map [o0] -f null /dev/null -map [o1] -f null /dev/null');
    const report = `[Parsed_ebur128_1 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -20.0 LUFS\n    Threshold: -30.1 LUFS\n\n  Loudness range:\n    LRA:         1.3 LU\n    Threshold:  -40.1 LUFS\n\n  True peak:\n    Peak:       -1.6 dBFS\n[Parsed_ebur128_0 @ 0x2] Summary:\n\n  Integrated loudness:\n    I:         -70.0 LUFS\n    Threshold: -70.0 LUFS\n`;
    const m = parseEbur128(report);
    expect(m[1]).toEqual({ integrated: -20, threshold: -30.1, lra: 1.3, truePeak: -1.6 });
    expect(m[0].integrated).toBe(-70);
    expect(levelFilter(3.256, -3)).toBe('volume=3.26dB,alimiter=limit=0.7079:level=false:attack=5:release=50');
  });
});

describe('frame clock', () => {
  it('a shot is drawn on its own ticks; the lesson clock gives it the same number or one fewer', () => {
    expect(tickMs(1, 30)).toBe(33);
    expect(tickMs(2, 30)).toBe(67);
    expect(shotTicks(3000, 30)).toBe(90);
    expect(shotTicks(3001, 30)).toBe(91);
    expect(shotTicks(5, 30)).toBe(1);
    expect(slotOf(0, 30, 90)).toBe(0);
    expect(slotOf(1, 30, 90)).toBe(1);
    expect(slotOf(34, 30, 90)).toBe(2);
    expect(slotOf(99999, 30, 90)).toBe(89);
    for (let start = 0; start < 200; start += 7)
      for (const len of [1, 33, 34, 1000, 3001, 12345]) {
        const own = shotTicks(len, 30), onLesson = lessonTicks(start, start + len, 30);
        expect(onLesson === own || onLesson === own - 1 || (own === 1 && onLesson === 0)).toBe(true);
      }
    // Shots that tile the lesson tile its clock: the join has exactly ceil(duration × 30) ticks.
    const cuts = [0, 3001, 6457, 10000, 11542];
    expect(cuts.slice(1).reduce((n, end, i) => n + lessonTicks(cuts[i], end, 30), 0)).toBe(Math.ceil(11.542 * 30));
  });
  it('video params: the stage size scaled, never cropped; the defaults where the config says nothing', () => {
    expect(videoParams({})).toEqual({ width: 1920, height: 1080, rate: 30, cfr: false });
    expect(videoParams({ video: { width: 1280, height: 720, tickRate: 25 } })).toEqual({ width: 1280, height: 720, rate: 25, cfr: false });
    expect(videoParams({ video: { fps: 24 } }, { fps: 60 })).toMatchObject({ rate: 60, cfr: true });
    // Sizes and clocks that cannot be are the schema's findings (tests/cli/config-limits.test.ts).
    // 9:16 and 1:1 lay the stage out for their shape (1080×1920, 1080×1080 design pixels) and scale it.
    expect(videoParams({ video: { width: 1080, height: 1920 } })).toMatchObject({ width: 1080, height: 1920 });
    expect(stageScale({ width: 720, height: 1280 })).toBeCloseTo(720 / 1080, 9);
    expect(stageScale({ width: 720, height: 720 })).toBeCloseTo(720 / 1080, 9);
    expect(stageScale({ width: 1280, height: 720 })).toBeCloseTo(1280 / 1920, 9);
  });
  it('clip gains level every clip to the target; a clip too short to measure takes the median', () => {
    expect(clipGains([-20, -30, null, -26], -16)).toEqual([4, 14, 10, 10]);
    expect(clipGains([null], -16)).toEqual([0]);
    expect(clipGains([-90], -16)).toEqual([40]);
  });
});

describe('chapters', () => {
  it('one per scene in ms, metadata escaped', () => {
    expect(escapeMetadata('a=b;c#d\\e')).toBe('a\\=b\\;c\\#d\\\\e');
    const text = chaptersMetadata({ slug: 's', title: 'T', duration: 3, cues: [], scenes: [
      { id: 'scene-1', kind: 'slide', title: 'Intro', start: 0, end: 1.5 }, { id: 'scene-2', kind: 'desktop', title: 'Demo: x=1', start: 1.5, end: 3 }] });
    expect(text).toContain('START=1500\nEND=3000\ntitle=Demo: x\\=1');
    expect(text.match(/\[CHAPTER\]/g)).toHaveLength(2);
  });
});

describe('planShots and planVideo', () => {
  const make = (first: string, extra: ReturnType<typeof say>[] = []) => {
    const l = lesson([
      scene('slide', null, say('a', first)),
      scene('desktop', null, say('b', 'Run it.'), term(cmd('kubectl get pods')), say('c', 'Output.'), popup('p', 'note'), say('d', 'More.'), say('e', 'End.'), ...extra),
    ]);
    const audio = fakeAudio(l, (id) => (id === 'a' ? first.length / 10 : 3));
    const casts = fakeCasts(l);
    return { tl: scheduleLesson(l, audio, casts), casts, audio };
  };
  const look = (kind: 'slide' | 'desktop', extra: Partial<SceneLook> = {}): SceneLook => ({ kind, title: kind, heading: null, slide: null, steps: [], files: [], code: [], history: null, ...extra });
  const inputs = (m: { tl: Timeline; casts: LessonCast[]; audio: VideoInputs['audio'] }, over: Partial<VideoInputs> = {}): VideoInputs => ({
    slug: 't', timeline: m.tl, audio: m.audio, casts: m.casts, params: { width: 1920, height: 1080, rate: 30, cfr: false }, capture: 'changes',
    loudness: { target: -16, truePeak: -1 },
    look: { stage: 'stage', lesson: { title: 'T', courseTitle: null, theme: null, terminal: { cols: 80, rows: 24, prompt: '$ ', theme: 'x' } }, scenes: { 'scene-1': look('slide'), 'scene-2': look('desktop') } },
    castDigests: Object.fromEntries(m.casts.map((c) => [c.commandId, 'cast-' + c.commandId])), clips: {}, ...over,
  });

  it('splits scenes at quiet paragraph starts; shots tile the timeline', () => {
    const { tl, casts } = make('Hello there.');
    const shots = planShots(tl, casts, { capture: 'changes' });
    expect(shots[0].start).toBe(0);
    for (let i = 1; i < shots.length; i++) expect(shots[i].start).toBe(shots[i - 1].end);
    expect(shots[shots.length - 1].end).toBe(Math.round(tl.duration * 1000));
    expect(shots.length).toBeGreaterThan(2);
    // No shot boundary inside the command or the popup.
    for (const c of tl.cues.filter((c) => c.type === 'command' || c.type === 'popup'))
      for (const s of shots) expect(s.start > c.start * 1000 && s.start < c.end * 1000).toBe(false);
  });
  it('captures at every cast output event of a command, and every 1/30 s in every-frame mode', () => {
    const { tl, casts } = make('Hello there.');
    const c = tl.cues.find((x) => x.type === 'command')!;
    const shots = planShots(tl, casts, { capture: 'changes' });
    const all = shots.flatMap((s) => s.times);
    for (const e of casts[0].cast.events) expect(all).toContain(Math.round((c.start + e.time) * 1000));
    const every = planShots(tl, casts, { capture: 'every-frame', captureFps: 30 });
    const n = every.reduce((k, s) => k + s.times.length, 0);
    expect(Math.abs(n - tl.duration * 30)).toBeLessThanOrEqual(every.length + 1);
  });
  it("an edit that changes one paragraph's length changes only its shot's key, whatever the shift does to the clock", () => {
    const a = make('Hello there.'), b = make('Hello there, and welcome to a longer sentence.');
    const ka = planVideo(inputs(a)).shots, kb = planVideo(inputs(b)).shots;
    expect(kb.length).toBe(ka.length);
    expect(kb[0].key).not.toEqual(ka[0].key);
    expect(kb.slice(1).map((s) => s.key)).toEqual(ka.slice(1).map((s) => s.key));
    expect(kb[1].start).not.toBe(ka[1].start);
    // 3.3 s later on a 1/30 s clock: another phase, the same segments.
    expect((kb[1].start - ka[1].start) % 33.333).not.toBe(0);
  });
  it('what a scene shows is in the keys of its shots only; what the lesson shows is in all', () => {
    const m = make('Hello there.');
    const base = planVideo(inputs(m)).shots;
    const scene1 = base.filter((s) => s.sceneId === 'scene-1').length;
    const withSlide = planVideo(inputs(m, { look: { ...inputs(m).look, scenes: { ...inputs(m).look.scenes, 'scene-1': look('slide', { slide: { html: '<h1>New</h1>', images: [] } }) } } })).shots;
    expect(withSlide.map((s, i) => s.key.hash === base[i].key.hash)).toEqual(base.map((s) => s.sceneId !== 'scene-1'));
    expect(scene1).toBeGreaterThan(0);
    // A code block at the end of the scene decides its layout: every shot of the scene changes.
    const later = planVideo(inputs(m, { look: { ...inputs(m).look, scenes: { ...inputs(m).look.scenes, 'scene-2': look('desktop', { code: [{ id: 'c', lang: 'yaml', code: 'a: 1' }] }) } } })).shots;
    expect(later.map((s, i) => s.key.hash === base[i].key.hash)).toEqual(base.map((s) => s.sceneId !== 'scene-2'));
    for (const over of [{ look: { ...inputs(m).look, stage: 'other' } }, { look: { ...inputs(m).look, lesson: { ...inputs(m).look.lesson, courseTitle: 'Course' } } },
      { params: { width: 1280, height: 720, rate: 30, cfr: false } }, { params: { width: 1920, height: 1080, rate: 25, cfr: false } }]) {
      const changed = planVideo(inputs(m, over)).shots;
      expect(changed.some((s, i) => s.key.hash === base[i].key.hash)).toBe(false);
    }
    // A cast's content is in the keys of the shots it plays in (and after it, in its scene).
    const cast = planVideo(inputs(m, { castDigests: { 'cmd-1': 'other' } })).shots;
    expect(cast.filter((s, i) => s.key.hash !== base[i].key.hash).every((s) => s.sceneId === 'scene-2')).toBe(true);
    expect(cast.some((s, i) => s.key.hash !== base[i].key.hash)).toBe(true);
  });
  it('the narration key follows clip content and offsets; the output key follows everything', () => {
    const m = make('Hello there.');
    const clips = Object.fromEntries(m.tl.cues.filter((c) => c.audio).map((c, i) => [c.audio!, { key: `speech/${i}`, loudness: -20 }]));
    const p = planVideo(inputs(m, { clips }));
    const q = planVideo(inputs(m, { clips: { ...clips, [m.tl.cues.find((c) => c.audio)!.audio!]: { key: 'speech/x', loudness: -20 } } }));
    expect(q.narration.key).not.toEqual(p.narration.key);
    expect(q.output.key).not.toEqual(p.output.key);
    expect(q.shots.map((s) => s.key)).toEqual(p.shots.map((s) => s.key));
    expect(planVideo(inputs(m, { clips, loudness: { target: -14, truePeak: -1 } })).narration.key).not.toEqual(p.narration.key);
    expect(p.narration.placements.every((x) => x.gainDb === 4)).toBe(true);
    expect(p.shots.reduce((n, s) => n + s.lessonTicks, 0)).toBe(Math.ceil(m.tl.duration * 30 - 1e-9));
  });
});
