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
 * Creates the course; returns its root. Its video is 1920×1080 unless `size` says otherwise. (At
 * 960×540 a build costs a quarter less, but a shot rendered on a replacement browser differed from a
 * clean build in two first frames there, not at 1080p: docs/scale.md. Tests that compare builds
 * frame for frame stay at 1080p.)
 */
export function makeMiniCourse(script = MINI_SCRIPT, size: { width: number; height: number } | null = null): string {
  const root = mkdtempSync(join(tmpdir(), 'lessoncast-video-'));
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'slides'));
  writeFileSync(join(root, 'transcripts', 'mini.md'), script);
  writeFileSync(join(root, 'slides', 'mini.md'), '# Mini lesson\n\nA tiny lesson for tests.\n');
  writeFileSync(join(root, 'lessoncast.config.mjs'), `export default ${JSON.stringify({ voice: { engine: 'espeak-ng' }, ...(size ? { video: size } : {}) })};\n`);
  return root;
}
