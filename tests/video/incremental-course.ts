/**
 * A tiny course with one input of every kind a frame or a sample depends on — course config
 * (title, theme, video and audio settings), a slide with an image, a file opened with `code`, a
 * recorded cast, a human voice-over clip, a lexicon, a terminal-only scene whose layout a later
 * block can change — and one edit of each kind. Used by the incremental-equals-cold property test
 * and by `npm run bench` (shots each edit re-renders).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SCRIPT = `---
title: Tiny
---
## slide

Run kubectl now.

## vscode

Here is the file.

\`\`\`bash
code configs/app.yml
$ echo hi
hi
\`\`\`

A human voice reads this part.

## terminal

Last words here.
`;

/** The paragraph id of the voice-over (see \`lessoncast voice tiny\`). */
export const VOICE_ID = 'a-human-voice-reads-this-part';

/** The stage drawn at a quarter of 1080p (the same page, device scale 1/3): a test build captures and encodes far fewer pixels. */
const SMALL = { width: 640, height: 360 };

const config = (o: { title: string; theme: string; voice: string; tickRate?: number; loudness?: number }) =>
  `export default ${JSON.stringify({ title: o.title, theme: o.theme, voice: { engine: 'espeak-ng', voice: o.voice }, video: { ...SMALL, ...(o.tickRate ? { tickRate: o.tickRate } : {}) }, ...(o.loudness ? { audio: { loudness: o.loudness } } : {}) })};\n`;

function cast(output: string): string {
  const events: [number, string, string][] = [[0.1, 'o', '$ '], [0.2, 'o', 'e'], [0.3, 'o', 'c'], [0.4, 'o', 'h'], [0.5, 'o', 'o'], [0.6, 'o', ' hi'], [0.8, 'i', '\r'], [0.85, 'o', `\r\n${output}\r\n`], [1.1, 'o', '$ ']];
  return [JSON.stringify({ version: 2, width: 80, height: 24, command: 'echo hi' }), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

/** A PNG of one color (ffmpeg). */
function png(file: string, color: string): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=${color}:s=160x90`, '-frames:v', '1', file]);
}

/** A human-like clip: espeak-ng at another speed and pitch, far quieter than the synthetic voice. */
export function voiceClip(file: string, text: string, volumeDb: number, voice = 'en-us+f3'): void {
  const raw = `${file}.raw.wav`;
  execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, text]);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', raw, '-af', `volume=${volumeDb}dB`, '-ar', '44100', file]);
  execFileSync('rm', ['-f', raw]);
}

/** Creates the course in a temp folder; returns its root. */
export function makeIncrementalCourse(): string {
  const root = mkdtempSync(join(tmpdir(), 'lessoncast-incr-'));
  for (const d of ['transcripts', 'slides', 'configs', 'recordings/tiny/voice']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'transcripts', 'tiny.md'), SCRIPT);
  writeFileSync(join(root, 'slides', 'tiny.md'), '# Tiny\n\n![logo](logo.png)\n');
  png(join(root, 'slides', 'logo.png'), 'red');
  writeFileSync(join(root, 'configs', 'app.yml'), 'name: app\nreplicas: 1\n');
  writeFileSync(join(root, 'recordings', 'tiny', '01-echo-hi.cast'), cast('hi'));
  voiceClip(join(root, 'recordings', 'tiny', 'voice', `${VOICE_ID}.wav`), 'A human voice reads this part.', -18);
  writeFileSync(join(root, 'lexicon.yml'), 'kubectl: kube control\n');
  writeFileSync(join(root, 'lessoncast.config.ts'), config({ title: 'Tiny course', theme: 'blue', voice: 'en-us' }));
  return root;
}

/** One edit of one kind of input. */
export interface Edit { kind: string; apply(root: string): void }

const edit = (root: string, rel: string, fn: (s: string) => string) => {
  const f = join(root, rel);
  const before = readFileSync(f, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`edit of ${rel} changed nothing`);
  writeFileSync(f, after);
};
const editConfig = (root: string, fn: (c: Record<string, unknown>) => void) => edit(root, 'lessoncast.config.ts', (s) => {
  const c = JSON.parse(s.replace(/^export default /, '').replace(/;\n$/, '')) as Record<string, unknown>;
  fn(c);
  return `export default ${JSON.stringify(c)};\n`;
});

/** Every kind of edit; each applies on top of the ones before it. */
export const EDITS: Edit[] = [
  { kind: 'course title', apply: (r) => editConfig(r, (c) => { c.title = 'Renamed course'; }) },
  { kind: 'theme', apply: (r) => editConfig(r, (c) => { c.theme = 'green'; }) },
  { kind: 'video setting (tickRate)', apply: (r) => editConfig(r, (c) => { c.video = { ...(c.video as object), tickRate: 25 }; }) },
  { kind: 'audio setting (loudness)', apply: (r) => editConfig(r, (c) => { c.audio = { loudness: -20 }; }) },
  { kind: 'slide text', apply: (r) => edit(r, 'slides/tiny.md', (s) => s.replace('# Tiny', '# Tiny, edited')) },
  { kind: 'slide image bytes', apply: (r) => png(join(r, 'slides', 'logo.png'), 'blue') },
  { kind: 'opened file bytes', apply: (r) => edit(r, 'configs/app.yml', (s) => s.replace('replicas: 1', 'replicas: 3')) },
  { kind: 'cast', apply: (r) => writeFileSync(join(r, 'recordings', 'tiny', '01-echo-hi.cast'), cast('hi there')) },
  { kind: 'layout (a code block late in a terminal-only scene)', apply: (r) => edit(r, 'transcripts/tiny.md', (s) => `${s}\n\`\`\`yaml\nkind: Pod\n\`\`\`\n`) },
  { kind: 'lexicon', apply: (r) => edit(r, 'lexicon.yml', (s) => s.replace('kube control', 'cube cuddle')) },
  { kind: 'speech voice', apply: (r) => editConfig(r, (c) => { (c.voice as Record<string, unknown>).voice = 'en-gb'; }) },
  { kind: 'voice-over clip bytes', apply: (r) => voiceClip(join(r, 'recordings', 'tiny', 'voice', `${VOICE_ID}.wav`), 'A human voice reads this part again.', -24, 'en-us+m3') },
  { kind: 'narration text', apply: (r) => edit(r, 'transcripts/tiny.md', (s) => s.replace('Here is the file.', 'Here is the file we open.')) },
  // A directive is neither spoken nor shown: only the camera moves (docs/stage.md, "The camera").
  { kind: 'camera (a {focus wide} directive)', apply: (r) => edit(r, 'transcripts/tiny.md', (s) => s.replace('A human voice reads', 'A human voice {focus wide} reads')) },
];

/** Decoded frames (`-f framemd5`) and decoded audio (md5 of the PCM) of a video. */
export function decodedDigest(file: string): { video: string; audio: string } {
  const video = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const audio = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', '-f', 'md5', '-'], { encoding: 'utf8' });
  // framemd5's header names the input: only the frame lines count.
  return { video: video.split('\n').filter((l) => !l.startsWith('#')).join('\n'), audio: audio.trim() };
}
