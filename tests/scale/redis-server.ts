/** A real redis-server on a free loopback port for a test (no disk: no RDB, no AOF), and real worker processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { binPath, repoRoot } from '../helpers/cli.ts';

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

/** True when something answers PING on the port. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = new Socket();
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(500, () => done(false));
    sock.once('error', () => done(false));
    sock.connect(port, '127.0.0.1', () => sock.write('PING\r\n'));
    sock.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export interface RedisServer { port: number; url: string; stop(): Promise<void> }

/** Starts redis-server on `port` (default: a free one); resolves once it answers. */
export async function startRedis(port?: number): Promise<RedisServer> {
  const p = port ?? await freePort();
  const child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  for (let i = 0; i < 100 && !(await pings(p)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await pings(p))) { child.kill('SIGKILL'); throw new Error(`redis-server did not start on ${p}`); }
  return {
    port: p, url: `redis://127.0.0.1:${p}`,
    async stop() { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await exited; } },
  };
}

/** A `lessoncast worker` process; `log` is everything it printed so far. */
export interface WorkerProcess { child: ChildProcess; log(): string; waitFor(re: RegExp, ms?: number): Promise<string>; exited: Promise<void>; stop(signal?: NodeJS.Signals): Promise<void> }

/** Starts `lessoncast worker --queue url --root root ...extra`; resolves once it takes jobs. */
export async function startWorker(url: string, root: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [binPath, 'worker', '--queue', url, '--root', root, '--lock-timeout', '3', ...extra], {
    cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  child.stderr!.on('data', (d) => { text += d; });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const w: WorkerProcess = {
    child,
    log: () => text,
    async waitFor(re, ms = 60_000) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const m = re.exec(text);
        if (m) return m[0];
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`worker never printed ${re}:\n${text}`);
    },
    exited,
    async stop(signal = 'SIGTERM') { if (child.exitCode === null && child.signalCode === null) { child.kill(signal); await exited; } },
  };
  await w.waitFor(/taking jobs from/);
  return w;
}
