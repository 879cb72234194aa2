import { cpSync, rmSync } from 'node:fs';
import { openCourse } from './src/course.ts';
import { readLesson } from './src/parse/read-lesson.ts';
import { buildVideo } from './src/render/video/build-video.ts';
import { decodedDigest, EDITS, makeIncrementalCourse } from './tests/video/incremental-course.ts';
import { testPool } from './tests/video/test-pool.ts';
const root = makeIncrementalCourse();
for (const e of EDITS) if (/voice-over|tickRate|speech voice/.test(e.kind)) e.apply(root);
const pool = testPool();
const digests: string[] = [];
for (let i = 0; i < 6; i++) {
  const r = `${root}-c${i}`;
  cpSync(root, r, { recursive: true });
  const course = await openCourse({ root: r, out: 'build' });
  const v = await buildVideo(course, await readLesson(course, 'tiny'), { pool });
  const d = decodedDigest(v.file).video;
  digests.push(d);
  const lines0 = digests[0].split('\n'), lines = d.split('\n');
  console.log(i, lines.length, lines.filter((l, k) => l !== lines0[k]).slice(0, 6).join(' | '));
}
await pool.close();
console.log(root);
