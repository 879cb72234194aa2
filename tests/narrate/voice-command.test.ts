import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessoncast } from '../helpers/cli.ts';
import { wrapText } from '../../src/commands/voice.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lessoncast-voice-'));
  mkdirSync(join(root, 'transcripts'));
  writeFileSync(join(root, 'transcripts', 'intro.md'), '# Intro\n\nHello everyone, and **welcome** back.\n\nIn the last video we saw `kubectl` at work. It is a long paragraph that the table has to wrap over several lines of the terminal.\n');
  mkdirSync(join(root, 'recordings', 'intro', 'voice'), { recursive: true });
  writeFileSync(join(root, 'recordings', 'intro', 'voice', 'hello-everyone-and-welcome-back.m4a'), '');
  writeFileSync(join(root, 'recordings', 'intro', 'voice', 'hello-everyone-and-welcome-back.mp3'), '');
  writeFileSync(join(root, 'recordings', 'intro', 'voice', 'old-paragraph.wav'), '');
  writeFileSync(join(root, 'recordings', 'intro', 'voice', 'notes.txt'), '');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lessoncast voice', () => {
  it('--json lists paragraph ids, their text without markdown, their clips and stray clips', () => {
    const r = lessoncast(['voice', 'intro', '--json', '--root', root]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.dir).toBe('recordings/intro/voice');
    expect(out.formats).toEqual(['wav', 'flac', 'm4a', 'mp3', 'ogg']);
    expect(out.paragraphs).toEqual([
      { id: 'hello-everyone-and-welcome-back', line: 3, text: 'Hello everyone, and welcome back.', clip: 'recordings/intro/voice/hello-everyone-and-welcome-back.m4a' },
      { id: expect.stringMatching(/^in-the-last-video/), line: 5, text: expect.stringContaining('we saw kubectl at work.'), clip: null },
    ]);
    expect(out.unmatched).toEqual(['recordings/intro/voice/old-paragraph.wav']);
  });

  it('prints a table with a hint where clips go, run from inside the course', () => {
    const r = lessoncast(['voice', 'intro'], { cwd: join(root, 'transcripts') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^id +clip +text$/m);
    expect(r.stdout).toMatch(/^hello-everyone-and-welcome-back +yes +Hello everyone, and welcome back\.$/m);
    expect(r.stdout).toContain('2 paragraph(s), 1 with a voice-over clip.');
    expect(r.stdout).toContain('recordings/intro/voice/<id>.{wav,flac,m4a,mp3,ogg}');
    expect(r.stdout).toContain('warning recordings/intro/voice/old-paragraph.wav names no paragraph of intro');
  });

  it('fails with a message, not a stack, for an unknown lesson', () => {
    const r = lessoncast(['voice', 'nope', '--root', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No lesson "nope"');
    expect(r.stderr).not.toContain('    at ');
  });

  it('wraps text at spaces', () => {
    expect(wrapText('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('', 5)).toEqual(['']);
  });
});
