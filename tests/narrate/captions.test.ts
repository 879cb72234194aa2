import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// webvtt-parser is CommonJS without types: a real WebVTT parser (the W3C validator's).
// @ts-expect-error no type declarations
import { WebVTTParser } from 'webvtt-parser';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { lessonNarration } from '../../src/types.ts';
import type { Cue, Timeline } from '../../src/schedule/types.ts';
import { captionCues, captionText, enforceMinimum, formatSrt, groupWords, layoutLines, splitByWords, splitCaption, toSrt, toVtt } from '../../src/narrate/captions.ts';
import { estimateWordTimes } from '../../src/narrate/align/written-words.ts';

/** A timeline of narration cues for the given sentences, each lasting `secondsFor(text)`, with gaps between paragraphs. */
function timelineOf(paragraphs: string[][], secondsFor: (t: string) => number): Timeline {
  const cues: Cue[] = [];
  let t = 0.5;
  paragraphs.forEach((sentences, p) => {
    sentences.forEach((text, i) => {
      const d = secondsFor(text);
      cues.push({ id: `c${cues.length}`, type: 'narration', start: t, end: t + d, sceneId: 'scene-1', ref: `p${p}#${i + 1}`, narrationId: `p${p}`, text });
      t += d;
    });
    t += 0.7;
  });
  return { slug: 't', title: 'T', duration: t, scenes: [{ id: 'scene-1', kind: 'slide', title: 'T', start: 0, end: t }], cues };
}

/** Checks a VTT with the real parser and the caption rules; returns the parsed cues. */
function checkVtt(vtt: string) {
  const tree = new WebVTTParser().parse(vtt, 'subtitles');
  expect(tree.errors).toEqual([]);
  let prevEnd = 0;
  const cues = (tree.cues as { startTime: number; endTime: number; text: string }[])
    .map((c) => ({ ...c, text: c.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') }));
  for (const cue of cues) {
    const lines = cue.text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(2);
    for (const l of lines) if (l.includes(' ')) expect(l.length).toBeLessThanOrEqual(42);
    expect(cue.endTime - cue.startTime).toBeGreaterThanOrEqual(0.999);
    expect(cue.startTime).toBeGreaterThanOrEqual(prevEnd - 1e-9);
    prevEnd = cue.endTime;
  }
  return cues;
}

describe('caption layout', () => {
  it('balances two lines and never splits a word', () => {
    const w = 'The apache container is going to listen for requests on port 80, this in turn means that'.split(' ');
    expect(layoutLines(w)).toBeNull();
    const fit = 'The apache container is going to listen for requests on port 80'.split(' ');
    const lines = layoutLines(fit)!;
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toBe(fit.join(' '));
    expect(Math.abs(lines[0].length - lines[1].length)).toBeLessThan(12);
  });

  it('splits a long sentence into the fewest captions, evenly, time shared by length', () => {
    const text = 'Each pod gets its own private IP address auto-assigned to it at the time of its creation, and we can use these IP addresses to get one pod to send requests to another pod.';
    const groups = groupWords(text.split(' '));
    expect(groups).toHaveLength(3);
    expect(groups.flat().join(' ')).toBe(text);
    const cues = splitCaption(text, 10, 22);
    expect(cues[0].start).toBe(10);
    expect(cues.at(-1)!.end).toBe(22);
    for (let i = 1; i < cues.length; i++) expect(cues[i].start).toBe(cues[i - 1].end);
    const shares = cues.map((c) => (c.end - c.start) / 12);
    const lengths = cues.map((c) => c.text.replace('\n', ' ').length + 1);
    shares.forEach((s, i) => expect(s).toBeCloseTo(lengths[i] / lengths.reduce((a, b) => a + b), 1));
  });

  it('holds short captions for a second: merged with a neighbour when they fit, else pushed', () => {
    const merged = enforceMinimum([{ start: 0, end: 0.4, text: 'Cool.' }, { start: 0.4, end: 2, text: 'That worked.' }]);
    expect(merged).toEqual([{ start: 0, end: 2, text: 'Cool. That worked.' }]);
    const long = 'x'.repeat(40);
    const pushed = enforceMinimum([{ start: 0, end: 0.5, text: `${long}\n${long}` }, { start: 0.5, end: 3, text: `${long}\n${long}` }]);
    expect(pushed.map((c) => [c.start, c.end])).toEqual([[0, 1], [1, 3]]);
  });

  it('shows the written text without markdown syntax', () => {
    expect(captionText('Run `kubectl get pods` on **every** [node](http://x).')).toBe('Run kubectl get pods on every node.');
  });
});

describe('captions of a timeline', () => {
  it('parse with a real WebVTT parser, obey the limits, and carry every word in order', () => {
    const paragraphs = [
      ['Hello everyone, and welcome back.', 'Cool.', 'OK.'],
      ['Another common use case is to have pods talking to each other, in other words, pod-to-pod communication?',
        'Each pod gets it\'s own private IP address auto-assigned to it at the time of it\'s creation, and we can use these IP addresses to get one pod to send requests to another pod.'],
      ['Names such as http://apache.localcluster rather than a random looking ip adderss, 3 < 4 & more.'],
    ];
    const timeline = timelineOf(paragraphs, (t) => t.length / 14);
    const cues = checkVtt(toVtt(timeline));
    expect(cues.map((c) => c.text).join(' ').split(/\s+/)).toEqual(paragraphs.flat().join(' ').split(/\s+/));
    expect(toVtt(timeline)).toContain('3 &lt; 4 &amp; more');
    expect(cues[0].startTime).toBeCloseTo(0.5, 3);
  });

  it('cover every narrated word of both seed scripts, in order', () => {
    for (const slug of ['pod-to-pod-networking', 'services-and-dns']) {
      const file = `transcripts/${slug}.md`;
      const lesson = parseLesson(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), { file, slug });
      const sentences = lessonNarration(lesson).map((n) => n.sentences.map((s) => s.text));
      // About festival's pace: 14 characters a second, so short sentences exercise the 1 s rule.
      const cues = checkVtt(toVtt(timelineOf(sentences, (t) => t.length / 14)));
      const captioned = cues.map((c) => c.text).join(' ').split(/\s+/);
      const written = sentences.flat().map(captionText).join(' ').split(/\s+/);
      expect(captioned).toEqual(written);
    }
  });

  it('writes the same captions as SRT', () => {
    const timeline = timelineOf([['Hello everyone, and welcome back.'], ['In the last video we saw how containers that lives inside the same pod can talk.']], (t) => t.length / 14);
    const srt = toSrt(timeline);
    expect(srt).toMatch(/^1\n00:00:00,500 --> 00:00:02,857\nHello everyone, and welcome back\.\n\n2\n/);
    const blocks = srt.trim().split(/\n\n/);
    expect(blocks).toHaveLength(captionCues(timeline).length);
    expect(formatSrt([{ start: 3661.5, end: 3662.5, text: 'a' }])).toBe('1\n01:01:01,500 --> 01:01:02,500\na\n');
  });

  it('ignores cues that are not narration', () => {
    const t = timelineOf([['Hello there, world.']], () => 2);
    t.cues.push({ id: 'x', type: 'popup', start: 0, end: 5, sceneId: 'scene-1', ref: 'popup-1', text: 'curl http://apache' });
    expect(captionCues(t).map((c) => c.text)).toEqual(['Hello there, world.']);
  });
});

describe('captions from word times', () => {
  const text = 'Each pod gets its own private IP address auto-assigned to it at the time of its creation, and we can use these IP addresses to get one pod to send requests to another pod.';
  // Word times as an engine gives them: a pause after "creation," and the words at their own pace.
  const words = text.split(' ').map((t, i) => ({ text: t.replace(/[,.]$/, ''), start: 10 + i * 0.3 + (i > 16 ? 0.4 : 0), end: 10 + i * 0.3 + 0.25 + (i > 16 ? 0.4 : 0) }));

  it('breaks at the phrase boundary and times each caption by its first and last word', () => {
    const cues = splitByWords(text, words)!;
    expect(cues.map((c) => c.text.replace(/\n/g, ' ')).join(' ')).toBe(text);
    // The comma after "creation" ends a caption: a caption does not run across it.
    expect(cues.some((c) => c.text.endsWith('creation,'))).toBe(true);
    let k = 0;
    for (const c of cues) {
      const n = c.text.split(/\s+/).length;
      expect(c.start).toBe(words[k].start);
      expect(c.end).toBe(words[k + n - 1].end);
      k += n;
    }
  });

  it('a timeline whose cues have words gets captions that start on a word, through VTT', () => {
    const tl = timelineOf([[text]], () => 20);
    tl.cues[0].words = words.map((w) => ({ ...w, start: w.start - 9.5, end: w.end - 9.5 }));
    const cues = checkVtt(toVtt(tl));
    expect(cues[0].startTime).toBeCloseTo(tl.cues[0].words![0].start, 3);
    expect(cues.map((c) => c.text.replace(/\n/g, ' ')).join(' ')).toBe(text);
  });

  it('falls back to sharing by length when the words do not match the text', () => {
    expect(splitByWords('two words', estimateWordTimes('three whole words', 2))).toBeNull();
  });
});
