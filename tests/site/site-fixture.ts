/** A small temp course for the site and dev tests, and stand-in media made with ffmpeg (fast, no capture). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timeline } from '../../src/schedule/types.ts';

export const ALPHA = `---
title: Reaching a pod
---

TODO: add a diagram

## powerpoint slide

Welcome back. In this lesson we reach one pod from another.

Each pod gets its own IP address when it is created.

## vscode

Here is the pod we will talk to.

\`\`\`bash
code configs/pod-httpd.yml
switch to bash terminal (ctrl+~)
$ kubectl get pods -o wide
NAME        READY   STATUS    IP
pod-httpd   1/1     Running   172.17.0.3
\`\`\`

The pod is running, and it has an address.

\`\`\`popup
curl http://172.17.0.3
\`\`\`

That is all for this lesson.
`;

export const BETA = `# Services

A service gives a set of pods one stable name.

\`\`\`bash
$ kubectl get svc
NAME         TYPE        CLUSTER-IP   PORT(S)
kubernetes   ClusterIP   10.96.0.1    443/TCP
\`\`\`

We will create our own service next.
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: pod-httpd
spec:
  containers:
    - name: httpd
      image: httpd:2.4
      ports:
        - containerPort: 80
`;

/** Writes a two-lesson course (espeak-ng voice: fast) into a new temp folder; returns its root. */
export function makeCourse(prefix = 'lessoncast-site-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const d of ['transcripts', 'configs', 'slides']) mkdirSync(join(root, d));
  writeFileSync(join(root, 'lessoncast.config.mjs'), `export default { title: 'Networking basics', voice: { engine: 'espeak-ng' } };\n`);
  writeFileSync(join(root, 'transcripts', 'alpha.md'), ALPHA);
  writeFileSync(join(root, 'transcripts', 'beta.md'), BETA);
  writeFileSync(join(root, 'configs', 'pod-httpd.yml'), POD);
  writeFileSync(join(root, 'slides', 'alpha.md'), '# Pod to pod\n\n- every pod has an IP\n- pods can reach each other\n');
  return root;
}

/** A stand-in for the video stage's output: a small H.264/AAC MP4 as long as the timeline, captions and a poster. */
export async function writeStandInMedia(outDir: string, slug: string, timeline: Timeline): Promise<void> {
  const dir = join(outDir, slug);
  mkdirSync(dir, { recursive: true });
  const seconds = Math.max(1, Math.ceil(timeline.duration));
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x180:rate=5:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=22050:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart',
    join(dir, `${slug}.mp4`)]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=640x360', '-frames:v', '1', join(dir, 'poster.jpg')]);
  const { toVtt, toSrt } = await import('../../src/narrate/captions.ts');
  writeFileSync(join(dir, `${slug}.vtt`), toVtt(timeline));
  writeFileSync(join(dir, `${slug}.srt`), toSrt(timeline));
}
