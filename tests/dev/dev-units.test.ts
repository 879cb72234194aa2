/** The dev server's pure parts: request paths, byte ranges, which lessons a change affects, estimated timings. */
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { resolveRequestPath } from '../../src/adapters/safe-path.ts';
import { parseRange } from '../../src/adapters/static-handler.ts';
import { changeImpact } from '../../src/dev/change-impact.ts';
import { estimateAudio, knownDurations } from '../../src/dev/estimate-audio.ts';
import { injectClient } from '../../src/dev/dev-server.ts';
import { isWatchedPath } from '../../src/dev/watch-course.ts';
import { ALPHA, BETA } from '../site/site-fixture.ts';

const ROOT = '/srv/course/build';

describe('resolveRequestPath', () => {
  it('maps URL paths inside the folder', () => {
    expect(resolveRequestPath(ROOT, '/')).toEqual({ ok: true, file: ROOT });
    expect(resolveRequestPath(ROOT, '/alpha/index.html?x=1#top')).toEqual({ ok: true, file: `${ROOT}/alpha/index.html` });
    expect(resolveRequestPath(ROOT, '/a%20b/c.css')).toEqual({ ok: true, file: `${ROOT}/a b/c.css` });
    expect(resolveRequestPath(ROOT, '/alpha/./x.js')).toEqual({ ok: true, file: `${ROOT}/alpha/x.js` });
  });
  it('refuses .. in any spelling, NUL bytes, bad encodings and non-paths', () => {
    for (const bad of ['/../package.json', '/%2e%2e/package.json', '/%2E%2E%2Fetc/passwd', '/alpha/..%2f..%2fx', '/..\\x', '/a/%5c..%5cx'])
      expect(resolveRequestPath(ROOT, bad), bad).toEqual({ ok: false, status: 403 });
    expect(resolveRequestPath(ROOT, '/a%00b')).toEqual({ ok: false, status: 400 });
    expect(resolveRequestPath(ROOT, '/%E0%A4%A')).toEqual({ ok: false, status: 400 });
    expect(resolveRequestPath(ROOT, 'http://evil/x')).toEqual({ ok: false, status: 400 });
    // A double-encoded dot-dot decodes once, to a literal name that is not a parent folder.
    expect(resolveRequestPath(ROOT, '/%252e%252e/x')).toEqual({ ok: true, file: `${ROOT}/%2e%2e/x` });
  });
});

describe('parseRange', () => {
  it('reads single byte ranges the way video elements send them', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19 });
    expect(parseRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('invalid');
    expect(parseRange('bytes=5-1', 100)).toBe('invalid');
    expect(parseRange('items=0-1', 100)).toBe('invalid');
  });
});

describe('changeImpact', () => {
  const course = { root: '/c', transcriptsDir: '/c/transcripts', slidesDir: '/c/slides', recordingsDir: '/c/recordings', lexiconFile: '/c/lexicon.yml' };
  const lessons = new Map([
    ['alpha', parseLesson(ALPHA, { file: 'transcripts/alpha.md', slug: 'alpha' })],
    ['beta', parseLesson(BETA, { file: 'transcripts/beta.md', slug: 'beta' })],
  ]);
  const impact = (...files: string[]) => {
    const r = changeImpact(course, lessons, files);
    return { ...r, slugs: [...r.slugs].sort() };
  };
  it('rebuilds only the lesson whose script, slides or recordings changed', () => {
    expect(impact('/c/transcripts/beta.md')).toEqual({ slugs: ['beta'], config: false, transcripts: true, speech: false });
    expect(impact('/c/slides/alpha.md').slugs).toEqual(['alpha']);
    expect(impact('/c/recordings/alpha/cmd-1.cast').slugs).toEqual(['alpha']);
    expect(impact('/c/slides/gamma.md', '/c/transcripts/notes/x.md').slugs).toEqual([]);
  });
  it('a file opened with `code` rebuilds the lessons that open it', () => {
    expect(impact('/c/configs/pod-httpd.yml').slugs).toEqual(['alpha']);
    expect(impact('/c/configs/other.yml').slugs).toEqual([]);
  });
  it('the config rebuilds everything; the lexicon voids every known speech duration', () => {
    expect(impact('/c/lessoncast.config.mjs')).toMatchObject({ config: true, speech: true });
    expect(impact('/c/lexicon.yml')).toEqual({ slugs: ['alpha', 'beta'], config: false, transcripts: false, speech: true });
  });
});

describe('isWatchedPath', () => {
  it('walks the course sources and never node_modules or the build folder', () => {
    const w = (p: string) => isWatchedPath('/c', '/c/build', p, ['lexicon.yml']);
    expect(w('/c')).toBe(true);
    expect(w('/c/transcripts/a.md')).toBe(true);
    expect(w('/c/configs/deep/x.yml')).toBe(true);
    expect(w('/c/lessoncast.config.ts')).toBe(true);
    expect(w('/c/lexicon.yml')).toBe(true);
    expect(w('/c/node_modules')).toBe(false);
    expect(w('/c/build/alpha/index.html')).toBe(false);
    expect(w('/c/transcripts/.a.md.swp')).toBe(false);
    expect(w('/c/README.md')).toBe(false);
  });
});

describe('estimateAudio', () => {
  const lesson = parseLesson(ALPHA, { file: 'transcripts/alpha.md', slug: 'alpha' });
  it('keeps durations known from a synthesis and estimates only new sentences', () => {
    const first = estimateAudio(lesson, knownDurations(null));
    expect(first.estimated).toBe(first.audio.paragraphs.reduce((n, p) => n + p.chunks.length, 0));
    // Pretend a synthesis measured every chunk at 2 s.
    const real = { ...first.audio, paragraphs: first.audio.paragraphs.map((p) => ({ ...p, chunks: p.chunks.map((c) => ({ ...c, duration: 2 })), duration: 2 * p.chunks.length })) };
    const edited = parseLesson(ALPHA + '\nA brand new closing sentence.\n', { file: 'transcripts/alpha.md', slug: 'alpha' });
    const next = estimateAudio(edited, knownDurations(real));
    expect(next.estimated).toBe(1);
    const last = next.audio.paragraphs.at(-1)!;
    expect(last.chunks[0].text).toBe('A brand new closing sentence.');
    expect(last.duration).toBeGreaterThan(0.6);
    expect(next.audio.paragraphs.slice(0, -1).every((p) => p.chunks.every((c) => c.duration === 2))).toBe(true);
  });
});

describe('injectClient', () => {
  it('adds the reload client before </body>', () => {
    expect(injectClient('<html><body><p>x</p></body></html>')).toBe('<html><body><p>x</p><script src="/__lessoncast/client.js"></script>\n</body></html>');
    expect(injectClient('<p>x</p>', 'tok')).toBe('<p>x</p><script src="/__lessoncast/client.js" data-lessoncast-token="tok"></script>');
    expect(injectClient('<p>fragment</p>')).toBe('<p>fragment</p><script src="/__lessoncast/client.js"></script>');
  });
});
