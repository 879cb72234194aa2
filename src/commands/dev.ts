/** `lessoncast dev`: build decks and pages, serve them on 127.0.0.1, rebuild what an edit touches and reload the page. */
import { relative } from 'node:path';
import pc from 'picocolors';
import { exposureWarning } from '../adapters/host-check.ts';
import { openCourse } from '../course.ts';
import { DevSession } from '../dev/dev-session.ts';
import { startDevServer, type DevServer } from '../dev/dev-server.ts';
import { watchCourse } from '../dev/watch-course.ts';

/** Options of `lessoncast dev` (see src/cli.ts). */
export interface DevOptions { port?: number; host?: string; video?: boolean; out?: string; root?: string }

/** Runs until Ctrl-C (SIGINT) or SIGTERM; returns the exit code. */
export async function run(opts: DevOptions): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out });
  const host = opts.host ?? '127.0.0.1';
  const time = () => new Date().toTimeString().slice(0, 8);
  const log = (line: string) => process.stdout.write(`${pc.dim(time())} ${line}\n`);
  let server: DevServer | null = null;
  const session = new DevSession(course, {
    video: opts.video,
    log,
    notify: (event, data) => server?.broadcast(event, data),
  });

  await session.initial();
  if (opts.video) for (const slug of course.slugs) session.requestVideo(slug);
  server = await startDevServer({
    root: course.outDir, host, port: opts.port ?? 4321,
    state: () => session.state(),
    onBuildVideo: (slug) => { log(`video of ${slug} requested`); session.requestVideo(slug); },
  });
  const watcher = watchCourse({
    root: course.root,
    outDir: course.outDir,
    extraFiles: [course.config.lexicon ?? 'lexicon.yml'],
    onChange: (files) => {
      log(`changed: ${files.map((f) => relative(course.root, f)).join(', ')}`);
      void session.changed(files);
    },
  });
  await watcher.ready;

  const rel = (p: string) => { const r = relative(process.cwd(), p); return !r ? '.' : r.startsWith('..') ? p : r; };
  process.stdout.write(`\n  ${pc.bold('lessoncast dev')}  ${pc.cyan(server.url)}\n`);
  process.stdout.write(`  serving ${rel(course.outDir)}/ · watching transcripts/, slides/, recordings/, configs/ and the config\n`);
  const warning = exposureWarning(host);
  if (warning) process.stderr.write(pc.yellow(`  ${warning}\n`));
  process.stdout.write(`  ${pc.dim('Ctrl-C to stop')}\n\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write(`\n${pc.dim('stopping…')}\n`);
  await watcher.close();
  await server.close();
  await session.close();
  return 0;
}
