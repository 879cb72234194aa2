/**
 * `lessoncast worker --queue redis://HOST:PORT[/DB]`: takes video render jobs that `build --queue`
 * planned, on this machine's copy of the course, into the shared store (`--cache DIR`), one line per
 * job, until Ctrl-C or SIGTERM: then it takes no new job and finishes the ones it runs (a second
 * signal kills them; their jobs go to another worker). docs/scale.md.
 */
import pc from 'picocolors';
import { aborted, type CommandContext, type WorkerCommandOptions } from './command-options.ts';
import { openCourse } from '../course.ts';
import { LessoncastError } from '../errors.ts';

/** Runs the worker until a signal: the first lets running jobs finish (exit 0), a second kills them (exit 130/143). */
export async function run(opts: WorkerCommandOptions, ctx: CommandContext): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out, cache: opts.cache, writes: true });
  const url = opts.queue ?? course.config.queue;
  if (!url) throw new LessoncastError('QUEUE_MISSING', 'lessoncast worker needs a queue: no --queue and no `queue` in the config.', 'Pass --queue redis://HOST:PORT (the same URL as the build), or set queue in lessoncast.config.ts.');
  const [{ startRenderWorker }, { defaultJobs }, { parseQueueUrl }] = await Promise.all([
    import('../queue/render-worker.ts'), import('../render/jobs/local-runner.ts'), import('../queue/redis-connection.ts'),
  ]);
  parseQueueUrl(url);
  const pages = opts.concurrency ?? course.config.jobs ?? defaultJobs();
  const stamp = () => new Date().toISOString().slice(11, 19);
  const log = (line: string) => { if (!opts.quiet || /failed|Redis/.test(line)) process.stderr.write(`${pc.dim(stamp())} ${line}\n`); };
  // A damaged entry of the shared store is set aside and made again: said, since the disk or the share may be failing.
  const { storeFor } = await import('../store/store-for.ts');
  const { storeNoteLine } = await import('../store/store.ts');
  storeFor(course).onNote((n) => { if (!n.legacy) process.stderr.write(`${pc.dim(stamp())} ${pc.yellow('repaired')} ${storeNoteLine(n)}\n`); });
  const worker = await startRenderWorker(course, { url, pages, lockMs: (opts.lockTimeout ?? 15) * 1000, log });
  process.stderr.write(`${pc.dim(stamp())} lessoncast worker ${process.pid}: taking jobs from ${url} for ${course.root} (cache ${course.cacheDir}, ${pages} page(s)); Ctrl-C stops\n`);
  await aborted(ctx.signal);
  process.stderr.write(`${pc.dim(stamp())} stopping: finishing the running jobs (again to kill them)\n`);
  const killed = aborted(ctx.kill).then(() => worker.close(true)).then(() => true);
  const finished = worker.close(false).then(() => false);
  return (await Promise.race([finished, killed])) ? signalExit(ctx.kill.reason) : 0;
}

/** 130 after SIGINT, 143 after SIGTERM. */
function signalExit(reason: unknown): number {
  return reason === 'SIGTERM' ? 143 : 130;
}
