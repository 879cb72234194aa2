/**
 * The command line (DESIGN.md section 2, a stable interface). Each command's work lives in
 * src/commands/<name>.ts; this file only declares options and catches errors once.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { isExpectedError, EXIT_NOT_BUILT } from './errors.ts';

/** Options every command that reads a course accepts. */
export interface CourseOptions { root?: string; out?: string }

export interface BuildOptions extends CourseOptions {
  deck?: boolean; video?: boolean; site?: boolean; pdf?: boolean;
  fps?: number; capture?: 'changes' | 'every-frame'; progress?: boolean;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

/** "1,3-5" → [1, 3, 4, 5]. */
export function numberList(v: string): number[] {
  const out = new Set<number>();
  for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new InvalidArgumentError('must be numbers like 3, 1,2,5 or 2-4');
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (a < 1 || b < a) throw new InvalidArgumentError(`"${part}" is not a range of command numbers from 1`);
    for (let n = a; n <= b; n++) out.add(n);
  }
  if (out.size === 0) throw new InvalidArgumentError('must name at least one command number');
  return [...out].sort((x, y) => x - y);
}

/** Runs one command's module; a module that is not there yet means "not built". */
async function runCommand(name: string, ...args: unknown[]): Promise<number> {
  const mod = await import(`./commands/${name}.ts`);
  return (await mod.run(...args)) ?? 0;
}

const rootOption = () => new Option('--root <dir>', 'course root (default: the nearest folder with transcripts/)');

/** Builds the commander program; `setExit` receives each command's exit code. */
export function createProgram(setExit: (code: number) => void): Command {
  const program = new Command('lessoncast')
    .description('Turn lesson scripts (markdown) into a reveal.js deck, a narrated video and a static lesson site.')
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText('after', `
Course layout:
  transcripts/<slug>.md     lesson scripts          slides/<slug>.md   slide content
  recordings/<slug>/*.cast  terminal recordings     build/             everything generated

Examples:
  lessoncast build                      build deck, video and site for every lesson
  lessoncast build pod-to-pod-networking --deck
  lessoncast lint                       check every script
  lessoncast clean                      prune the cache to what the current lessons use
  lessoncast doctor                     check Chromium, ffmpeg and the speech engines`);

  const act = (name: string) => async (...args: unknown[]) => setExit(await runCommand(name, ...args.slice(0, -1)));

  program.command('build')
    .description('build the deck, video and site (all three unless --deck/--video/--site narrow it)')
    .argument('[slug...]', 'lessons to build (default: all)')
    .option('--deck', 'build the reveal.js deck')
    .option('--video', 'build the narrated MP4 (and captions)')
    .option('--site', 'build the lesson site')
    .option('--pdf', 'with --deck: also print the deck to PDF')
    .option('--out <dir>', 'output folder', 'build')
    .addOption(rootOption())
    .addOption(new Option('--fps <n>', 'constant frame rate for the video (default: a frame per change)').argParser(positiveInt))
    .addOption(new Option('--capture <mode>', 'frame capture mode').choices(['changes', 'every-frame']).default('changes'))
    .option('--no-progress', 'no progress bars')
    .action(act('build'));

  program.command('dev')
    .description('live preview: build deck and site, rebuild on edit, reload the page')
    .addOption(new Option('-p, --port <n>', 'port').argParser(positiveInt).default(4321))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--video', 'also rebuild videos on change')
    .option('--out <dir>', 'output folder', 'build')
    .addOption(rootOption())
    .action(act('dev'));

  program.command('present')
    .description('serve a lesson deck on 127.0.0.1 and print the deck and speaker-view URLs')
    .argument('<slug>', 'lesson to present')
    .addOption(new Option('-p, --port <n>', 'port (default: a free one)').argParser(positiveInt))
    .option('--out <dir>', 'output folder', 'build')
    .addOption(rootOption())
    .action(act('present'));

  program.command('record')
    .description("run the lesson's commands in a real terminal and save one cast per command")
    .argument('<slug>', 'lesson to record')
    .option('-y, --yes', 'do not ask before running the commands')
    .addOption(new Option('--only <list>', 'record only these commands, 1-based: 3, 1,2,5 or 2-4').argParser(numberList))
    .addOption(new Option('--timeout <seconds>', 'time limit per command').argParser(positiveInt).default(60))
    .addOption(rootOption())
    .action(act('record'));

  program.command('lint')
    .description('problems in the scripts as file:line:col; exits 1 on errors')
    .argument('[slug...]', 'lessons to check (default: all)')
    .option('--json', 'print diagnostics as JSON')
    .addOption(rootOption())
    .action(act('lint'));

  program.command('inspect')
    .description('the parsed lesson (IR); see docs/ir.md')
    .argument('<slug>', 'lesson to inspect')
    .option('--json', 'print JSON (the default and only format)')
    .addOption(rootOption())
    .action(act('inspect'));

  program.command('timeline')
    .description('every cue with its start and end in seconds; see docs/timeline.md')
    .argument('<slug>', 'lesson')
    .option('--json', 'print JSON instead of a table')
    .option('--out <dir>', 'output folder (for the cache)', 'build')
    .addOption(rootOption())
    .action(act('timeline'));

  program.command('voice')
    .description("list a lesson's paragraph ids and text (a script to read a voice-over from) and which have clips")
    .argument('<slug>', 'lesson')
    .option('--json', 'print JSON')
    .addOption(rootOption())
    .action(act('voice'));

  program.command('clean')
    .description('prune the cache to what the current lessons use (--all: empty it)')
    .option('--all', 'empty the cache')
    .option('--out <dir>', 'output folder (the cache is <out>/.cache)', 'build')
    .addOption(rootOption())
    .action(act('clean'));

  program.command('doctor')
    .description('Chromium, ffmpeg, speech engines and fonts: found or missing, version, how to install')
    .option('--json', 'print JSON')
    .addOption(rootOption())
    .action(act('doctor'));

  return program;
}

/** Entry point: returns the process exit code. Expected failures print a message, never a stack. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = createProgram((c) => { exitCode = c; });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (isExpectedError(err)) {
      process.stderr.write(`${pc.red('error')} ${err.message}\n`);
      if (err.fix) process.stderr.write(`${pc.dim('fix:')} ${err.fix}\n`);
      return err.code === 'NOT_BUILT' ? EXIT_NOT_BUILT : 1;
    }
    if ((err as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' && /Cannot find module '[^']*\/src\/commands\//.test(String((err as Error).message))) {
      process.stderr.write(`${pc.yellow('not built yet:')} this command is not implemented in this version of lessoncast.\n`);
      return EXIT_NOT_BUILT;
    }
    process.stderr.write(`${pc.red('internal error')} (a bug in lessoncast, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    return 70;
  }
}
