/**
 * A tiny course for the camera's tests: one desktop scene (a file in the editor, commands in the
 * terminal), a key press, a `{highlight}`, a `{focus}`, and narration that names a word of the
 * output (an automatic highlight). Narrated with espeak-ng for speed; the video size is given.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CAMERA_SCRIPT = `---
title: Camera
---
## vscode

Here is the service.

\`\`\`bash
code configs/svc.yml
\`\`\`

It selects the pods by their label.

\`\`\`bash
switch to bash terminal (ctrl+~)
$ kubectl get svc svc-clusterip-httpd
NAME                  TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE
svc-clusterip-httpd   ClusterIP   10.96.120.15   <none>        80/TCP    5s
\`\`\`

Its type is ClusterIP, and port 80 {highlight 80/TCP} is open. {focus editor 6-7} These lines pick the pods.

\`\`\`bash
$ kubectl get endpoints svc-clusterip-httpd
NAME                  ENDPOINTS       AGE
svc-clusterip-httpd   172.17.0.3:80   8s
\`\`\`

The service forwards to this address.
`;

export const SVC_YML = `apiVersion: v1
kind: Service
metadata:
  name: svc-clusterip-httpd
spec:
  selector:
    app: httpd
  ports:
    - port: 80
      targetPort: 80
`;

/** Creates the course (video `width`×`height`, camera `camera`); returns its root. */
export function makeCameraCourse(size: { width: number; height: number }, opts: { camera?: 'auto' | 'off'; script?: string } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'lessoncast-camera-'));
  for (const d of ['transcripts', 'configs']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'transcripts', 'camera.md'), opts.script ?? CAMERA_SCRIPT);
  writeFileSync(join(root, 'configs', 'svc.yml'), SVC_YML);
  writeFileSync(join(root, 'lessoncast.config.mjs'), `export default ${JSON.stringify({ voice: { engine: 'espeak-ng' }, video: size, ...(opts.camera ? { camera: opts.camera } : {}) })};\n`);
  return root;
}
