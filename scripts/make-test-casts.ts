/**
 * Records the test casts in tests/fixtures/casts/asciinema/ with Debian's asciinema (2.2), the way
 * course authors record: `asciinema rec -c CMD` (command-only casts) and `asciinema rec` of an
 * interactive bash driven through a real pseudo-terminal (whole-session casts, one with a
 * Powerline prompt, one with `--stdin` so it keeps the input events), plus a cast written by
 * `lessoncast record` itself. A small fake `kubectl` (a shell script printing canned tables) is put
 * on PATH so the sessions look like the product's real use without a cluster.
 *
 *   node --import tsx scripts/make-test-casts.ts        (asciinema must be installed: scripts/setup.sh)
 *
 * The casts are data: re-running writes new files (real timings differ); commit what it wrote.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodePty from 'node-pty';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'tests', 'fixtures', 'casts', 'asciinema');
const work = mkdtempSync(join(tmpdir(), 'lessoncast-make-casts-'));
const bin = join(work, 'bin');
const home = join(work, 'home');
mkdirSync(bin, { recursive: true });
mkdirSync(home, { recursive: true });
mkdirSync(join(work, 'lab'), { recursive: true });
mkdirSync(OUT, { recursive: true });

// The fake kubectl: canned output for the few commands the test lessons run.
writeFileSync(join(bin, 'kubectl'), `#!/bin/sh
case "$*" in
  "get pods") printf 'NAME         READY   STATUS    RESTARTS   AGE\\npod-httpd    1/1     Running   0          12s\\npod-centos   1/1     Running   0          12s\\n' ;;
  "get pods -o wide") printf 'NAME         READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\\npod-httpd    1/1     Running   0          40s   10.244.0.7   minikube   <none>           <none>\\npod-centos   1/1     Running   0          40s   10.244.0.8   minikube   <none>           <none>\\n' ;;
  "get svc") printf 'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   3d\\n' ;;
  "rollout status deploy/web") printf 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\\nWaiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\\ndeployment "web" successfully rolled out\\n' ;;
  apply*) printf 'pod/pod-httpd created\\npod/pod-centos created\\n' ;;
  *) printf 'error: unknown command "%s" for "kubectl"\\n' "$*" >&2; exit 1 ;;
esac
`);
chmodSync(join(bin, 'kubectl'), 0o755);

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, HOME: home, TERM: 'xterm-256color', SHELL: '/bin/bash', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8',
  HISTFILE: '/dev/null', ...extra,
});

/** Seeded jitter so a re-run types the same way (the recorded times still vary a little). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `asciinema rec ARGS` in a pty; `session` types each line at a human pace after the prompt appears. */
async function record(file: string, args: string[], opts: { cols: number; rows: number; rc?: string; lines?: string[]; prompt?: RegExp }): Promise<void> {
  if (opts.rc !== undefined) writeFileSync(join(home, '.bashrc'), opts.rc);
  const pty = nodePty.spawn('asciinema', ['rec', '-q', '--overwrite', ...args, join(OUT, file)], { cols: opts.cols, rows: opts.rows, cwd: join(work, 'lab'), env: env() });
  let screen = '';
  pty.onData((d) => { screen += d; });
  const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
  const waitFor = async (re: RegExp, from: number) => {
    for (let i = 0; i < 200; i++) { if (re.test(screen.slice(from))) return; await sleep(50); }
    throw new Error(`${file}: timed out waiting for ${re} in ${JSON.stringify(screen.slice(from))}`);
  };
  const rand = rng(file.length * 7919);
  let seen = 0;
  for (const line of opts.lines ?? []) {
    await waitFor(opts.prompt!, seen);
    await sleep(700 + rand() * 500); // the author reads the screen before typing
    seen = screen.length;
    for (const ch of line) {
      pty.write(ch);
      await sleep(55 + rand() * 70 + (ch === ' ' ? 40 : 0));
    }
    await sleep(250);
    pty.write('\r');
    await sleep(100);
  }
  const code = await Promise.race([exited, sleep(20000).then(() => -1)]);
  if (code !== 0) throw new Error(`${file}: asciinema exited with ${code}: ${screen.slice(-400)}`);
  console.log(`wrote ${join('tests/fixtures/casts/asciinema', file)}`);
}

const PLAIN_RC = `PS1='dev@demo:~/lab$ '\nunset PROMPT_COMMAND\n`;
// A Powerline-style prompt (agnoster-like): segments with U+E0B0 separators and the U+E0A0 branch glyph.
const POWERLINE_RC = `PS1='\\[\\e[30;44m\\] dev@demo \\[\\e[34;42m\\]\ue0b0\\[\\e[30m\\] \ue0a0 main \\[\\e[32;49m\\]\ue0b0\\[\\e[0m\\] '\nunset PROMPT_COMMAND\n`;

try {
  // Command-only casts: the command in the header, only its output in the events.
  await record('command-only-get-pods.cast', ['-c', 'kubectl get pods'], { cols: 80, rows: 24 });
  await record('command-only-get-svc.cast', ['-c', 'kubectl get svc'], { cols: 80, rows: 24 });

  // Whole sessions: $SHELL (bash) with the author's prompt; no command in the header.
  await record('session-plain.cast', [], {
    cols: 80, rows: 24, rc: PLAIN_RC, prompt: /\$ $/,
    lines: ['kubectl get pods', 'echo hello world', 'seq 3', 'exit'],
  });
  await record('session-stdin.cast', ['--stdin'], {
    cols: 80, rows: 24, rc: PLAIN_RC, prompt: /\$ $/,
    // a typo fixed with Backspace: what the author typed is shown as typed
    lines: ['kubectl get svcc\x7f', 'echo done', 'exit'],
  });
  await record('session-powerline.cast', [], {
    cols: 110, rows: 30, rc: POWERLINE_RC, prompt: /\ue0b0\x1b\[0m $/,
    lines: [
      'kubectl get pods -o wide',
      'kubectl rollout status deploy/web',
      "printf '┌─┬─┐ ▁▂▃▅▇█ ⠿⣿⡇ ✔ ✘ ❯ 日本語 한국어 🚀 📦\\n'",
      'exit',
    ],
  });

  // A cast that `lessoncast record` writes: prompt and typing included, command in the header.
  const course = join(work, 'course');
  mkdirSync(join(course, 'transcripts'), { recursive: true });
  writeFileSync(join(course, 'transcripts', 'rec.md'), '# Rec\n\n## terminal\n\nOne command.\n\n```bash\n$ kubectl apply -f pods.yml\n```\n');
  execFileSync('node', [join(ROOT, 'bin', 'lessoncast.mjs'), 'record', 'rec', '--yes', '--root', course], { env: { ...process.env, ...env() }, stdio: 'inherit' });
  cpSync(join(course, 'recordings', 'rec', '01-kubectl-apply-f-pods-yml.cast'), join(OUT, 'lessoncast-apply.cast'));
  console.log('wrote tests/fixtures/casts/asciinema/lessoncast-apply.cast');
} finally {
  rmSync(work, { recursive: true, force: true });
}
