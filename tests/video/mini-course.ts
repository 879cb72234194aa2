/** A small course (~10 s, 2 scenes, one command, one popup) in a temp folder, narrated with espeak-ng for speed. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MINI_SCRIPT = `---
title: Mini lesson
---
## slide

Welcome to the mini lesson.

## terminal

Let us say hello.

\`\`\`bash
$ echo hello world
hello world
\`\`\`

\`\`\`popup
hello is a greeting
\`\`\`

That is all for today.
`;

/**
 * Creates the course; returns its root. Its video is 960×540 (a build costs a quarter less than at
 * 1920×1080); `size` gives another (tests/video/build-video.test.ts checks the default 1080p).
 */
export function makeMiniCourse(script = MINI_SCRIPT, size: { width: number; height: number } | null = { width: 960, height: 540 }): string {
  const root = mkdtempSync(join(tmpdir(), 'lessoncast-video-'));
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'slides'));
  writeFileSync(join(root, 'transcripts', 'mini.md'), script);
  writeFileSync(join(root, 'slides', 'mini.md'), '# Mini lesson\n\nA tiny lesson for tests.\n');
  writeFileSync(join(root, 'lessoncast.config.mjs'), `export default ${JSON.stringify({ voice: { engine: 'espeak-ng' }, ...(size ? { video: size } : {}) })};\n`);
  return root;
}
