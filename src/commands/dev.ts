/** `lessoncast dev`: build decks and pages, serve them on 127.0.0.1, rebuild what an edit touches and reload the page. */
import { relative } from 'node:path';
import pc from 'picocolors';
import { exposureWarning } from '../adapters/host-check.ts';
import { openUrl } from '../adapters/open-url.ts';
import { openCourse } from '../course.ts';
import { DevSession, type DevError, type DevState } from '../dev/dev-session.ts';
import { startDevServer, type DevServer } from '../dev/dev-server.ts';
import { watchCourse } from '../dev/watch-course.ts';
import { aborted, type CommandContext } from './command-options.ts';

/** Options of `lessoncast dev` (see src/cli.ts). */
export interface DevOptions { port?: number; host?: string; video?: boolean; out?: string; root?: string; open?: boolean; quiet?: boolean }

/** One overlay problem as a terminal line: `file:line:col code message (hint)`. */
export function devErrorLine(e: DevError): string {
  const at = e.file ? `${e.file}${e.line ? `:${e.line}:${e.column ?? 1}` : ''} ` : '';
  return `${pc.red('error')} ${at}${e.code ? pc.dim(`${e.code} `) : ''}${e.message}${e.hint ? pc.dim(` (${e.hint})`) : ''}`;
}

/** Runs until Ctrl-C (SIGINT) or SIGTERM; returns the exit code. */
export async function run(opts: DevOptions, ctx: CommandContext): Promise<number> {
  const course = await openCourse({ root: opts.root, out: opts.out, writes: true });
  const host = opts.host ?? '127.0.0.1';
  const time = () => new Date().toTimeString().slice(0, 8);
  const log = (line: string) => ctx.stdout.write(`${pc.dim(time())} ${line}\n`);
  const progress = (line: string) => { if (!opts.quiet) log(line); };
  let server: DevServer | null = null;
  // The overlay's problems go to the terminal too, each time the list changes.
  let shownErrors = '';
  const logErrors = (state: DevState) => {
    const key = JSON.stringify(state.errors);
    if (key === shownErrors) return;
    const cleared = shownErrors !== '' && shownErrors !== '[]' && state.errors.length === 0;
    shownErrors = key;
    for (const e of state.errors) log(devErrorLine(e));
    if (cleared) log(pc.green('no problems'));
  };
  for (const d of course.configDiagnostics ?? []) log(devErrorLine(d));
  const session = new DevSession(course, {
    video: opts.video,
    log: progress,
    notify: (event, data) => {
      if (event === 'state') logErrors(data as DevState);
      server?.broadcast(event, data);
    },
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
  ctx.stdout.write(`\n  ${pc.bold('lessoncast dev')}  ${pc.cyan(server.url)}\n`);
  ctx.stdout.write(`  serving ${rel(course.outDir)}/ · watching transcripts/, slides/, recordings/, configs/ and the config\n`);
  const warning = exposureWarning(host);
  if (warning) ctx.stderr.write(pc.yellow(`  ${warning}\n`));
  ctx.stdout.write(`  ${pc.dim('Ctrl-C to stop')}\n\n`);
  logErrors(session.state());
  if (opts.open && !openUrl(server.url)) log(`no desktop browser to open: open ${server.url} yourself`);

  // Until Ctrl-C or SIGTERM (the entry point's signal).
  await aborted(ctx.signal);
  ctx.stdout.write(`\n${pc.dim('stopping…')}\n`);
  await watcher.close();
  await server.close();
  await session.close();
  return 0;
}
