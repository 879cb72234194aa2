/**
 * Records the casts of the readability benchmark's own lesson (tests/fixtures/readability-course,
 * `clusterip-services`) with `lessoncast record`: each command runs in a real bash in a real
 * pseudo-terminal, and is saved as the author's recording. No cluster here, so a stand-in `kubectl`
 * on PATH prints what kubectl prints for these commands (tables of a one-node minikube cluster).
 *
 *   node --import tsx scripts/make-readability-casts.ts
 *
 * The casts are data: re-running writes new files (real timings differ); commit what it wrote.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const COURSE = join(ROOT, 'tests', 'fixtures', 'readability-course');
const work = mkdtempSync(join(tmpdir(), 'lessoncast-readability-casts-'));
const bin = join(work, 'bin');
mkdirSync(bin, { recursive: true });

const DESCRIBE = `Name:              svc-clusterip-httpd
Namespace:         default
Labels:            <none>
Annotations:       <none>
Selector:          app=httpd
Type:              ClusterIP
IP Family Policy:  SingleStack
IP Families:       IPv4
IP:                10.105.72.241
IPs:               10.105.72.241
Port:              <unset>  80/TCP
TargetPort:        80/TCP
Endpoints:         10.244.0.7:80
Session Affinity:  None
Events:            <none>
`;

writeFileSync(join(bin, 'kubectl'), `#!/bin/sh
case "$*" in
  "apply -f configs/svc-clusterip-httpd.yml") printf 'service/svc-clusterip-httpd created\\n' ;;
  "get svc svc-clusterip-httpd") printf 'NAME                  TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE\\nsvc-clusterip-httpd   ClusterIP   10.105.72.241   <none>        80/TCP    6s\\n' ;;
  "get endpoints svc-clusterip-httpd") printf 'NAME                  ENDPOINTS       AGE\\nsvc-clusterip-httpd   10.244.0.7:80   14s\\n' ;;
  "exec pod-centos -- curl -s http://svc-clusterip-httpd") printf '<html><body><h1>It works!</h1></body></html>\\n' ;;
  "describe svc svc-clusterip-httpd") cat <<'DESCRIBE'
${DESCRIBE}DESCRIBE
  ;;
  "get pods -o wide") printf 'NAME         READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\\npod-centos   1/1     Running   0          12m   10.244.0.8   minikube   <none>           <none>\\npod-httpd    1/1     Running   0          12m   10.244.0.7   minikube   <none>           <none>\\n' ;;
  *) printf 'error: unknown command "%s" for "kubectl"\\n' "$*" >&2; exit 1 ;;
esac
`);
chmodSync(join(bin, 'kubectl'), 0o755);
rmSync(join(COURSE, 'recordings'), { recursive: true, force: true });
try {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'lessoncast.mjs'), 'record', 'clusterip-services', '--yes', '--root', COURSE], {
    stdio: 'inherit', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
