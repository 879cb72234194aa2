/** The pure parts of the video: Matroska bytes, ffmpeg argument data, shot planning and keys, chapters. */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { muxSpec, segmentSpec, specArgs } from '../../src/adapters/ffmpeg.ts';
import { chaptersMetadata, escapeMetadata } from '../../src/render/video/chapters.ts';
import { ebmlSize, element, matroskaFrame, matroskaHeader } from '../../src/render/video/matroska-stream.ts';
import { planShots } from '../../src/render/video/plan-shots.ts';
import { scheduleLesson } from '../../src/schedule/schedule-lesson.ts';
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
  it('segments: matroska from stdin, VFR on a 1 ms clock, H.264 yuv420p without B-frames', () => {
    const args = specArgs(segmentSpec(new PassThrough(), '/c/seg.mp4.tmp', { width: 1920, height: 1080 }));
    expect(args.slice(0, 6)).toEqual(['-threads', '1', '-f', 'matroska', '-i', 'pipe:0']);
    expect(args.join(' ')).toContain('-fps_mode passthrough -r 1000');
    expect(args.join(' ')).toContain('-c:v libx264');
    expect(args.join(' ')).toContain('-bf 0 -pix_fmt yuv420p');
    expect(args.slice(-4)).toEqual(['-f', 'mp4', '-y', '/c/seg.mp4.tmp']);
  });
  it('segments with --fps: constant rate', () => {
    const args = specArgs(segmentSpec(new PassThrough(), 'o.mp4', { width: 1280, height: 720, fps: 30 })).join(' ');
    expect(args).toContain('-fps_mode cfr -r 30');
    expect(args).toContain('scale=1280:720');
    expect(args).not.toContain('passthrough');
  });
  it('final mux: concat without re-encoding, AAC copied, chapters, mov_text captions, faststart', () => {
    const args = specArgs(muxSpec({ concatList: 'l.txt', audio: 'a.m4a', chapters: 'c.txt', captions: 'c.vtt', output: 'x.mp4.tmp-1' })).join(' ');
    expect(args).toContain('-f concat -safe 0 -i l.txt');
    expect(args).toContain('-f ffmetadata -i c.txt');
    expect(args).toContain('-f webvtt -i c.vtt');
    expect(args).toContain('-map_chapters 2');
    expect(args).toContain('-c:v copy -c:a copy -c:s mov_text');
    expect(args).toContain('-movflags +faststart');
    const none = specArgs(muxSpec({ concatList: 'l', audio: 'a', chapters: 'c', captions: null, output: 'o' })).join(' ');
    expect(none).not.toContain('mov_text');
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

describe('planShots', () => {
  const make = (first: string) => {
    const l = lesson([
      scene('slide', null, say('a', first)),
      scene('desktop', null, say('b', 'Run it.'), term(cmd('kubectl get pods')), say('c', 'Output.'), popup('p', 'note'), say('d', 'More.'), say('e', 'End.')),
    ]);
    const audio = fakeAudio(l, (id) => (id === 'a' ? first.length / 10 : 3));
    const casts = fakeCasts(l);
    return { tl: scheduleLesson(l, audio, casts), casts };
  };
  it('splits scenes at quiet paragraph starts; shots tile the timeline', () => {
    const { tl, casts } = make('Hello there.');
    const shots = planShots(tl, casts, { capture: 'changes', fingerprint: 'f' });
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
    const shots = planShots(tl, casts, { capture: 'changes', fingerprint: 'f' });
    const all = shots.flatMap((s) => s.times);
    for (const e of casts[0].cast.events) expect(all).toContain(Math.round((c.start + e.time) * 1000));
    const every = planShots(tl, casts, { capture: 'every-frame', captureFps: 30, fingerprint: 'f' });
    const n = every.reduce((k, s) => k + s.times.length, 0);
    expect(Math.abs(n - tl.duration * 30)).toBeLessThanOrEqual(every.length + 1);
  });
  it('an edit that changes one paragraph\'s length changes only its shot\'s key', () => {
    const a = make('Hello there.'), b = make('Hello there, and welcome to a longer sentence.');
    const ka = planShots(a.tl, a.casts, { capture: 'changes', fingerprint: 'f' });
    const kb = planShots(b.tl, b.casts, { capture: 'changes', fingerprint: 'f' });
    expect(kb.length).toBe(ka.length);
    expect(kb[0].key).not.toBe(ka[0].key);
    expect(kb.slice(1).map((s) => s.key)).toEqual(ka.slice(1).map((s) => s.key));
    expect(kb[1].start).not.toBe(ka[1].start);
    // Anything else the pixels depend on changes every key.
    const kc = planShots(a.tl, a.casts, { capture: 'changes', fingerprint: 'g' });
    expect(kc.some((s, i) => s.key === ka[i].key)).toBe(false);
  });
});
