/**
 * A real shell in a pseudo-terminal (node-pty), run one command at a time: one bash session per
 * lesson, so `cd` and `export` carry over. The end of a command is known from a prompt sentinel
 * (an OSC sequence with a random nonce and `$?`), never from process exit, and the sentinel is
 * cut out of the output. Bash runs without rc files and without readline, with echo off: the
 * output is exactly what the command printed.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import nodePty from 'node-pty';
import type { IPty } from 'node-pty';
import { LessoncastError } from '../errors.ts';
import { which } from './tools.ts';

/** Where and how big the shell is. */
export interface ShellOptions {
  cols: number;
  rows: number;
  cwd: string;
  /** Base environment (default: this process's, i.e. the author's: KUBECONFIG and all). */
  env?: NodeJS.ProcessEnv;
  /** Path of bash (default: bash on PATH). */
  bash?: string;
}

/** Output of one command, with times in seconds from when it was sent. */
export interface CommandRun {
  output: { time: number; data: string }[];
  /** `$?` after the command (130 after an interrupt); null when the shell died. */
  exitCode: number | null;
  /** Seconds from sending the command to the prompt coming back. */
  duration: number;
  /** Stopped with Ctrl-C after the time limit. */
  timedOut: boolean;
  /** Bash asked for more input (unbalanced quote, trailing `\`); the line was cancelled with Ctrl-C. */
  incomplete: boolean;
  /** The shell exited during the command (`exit`, or killed after ignoring Ctrl-C). */
  shellExited: boolean;
}

/** Arguments of bash: interactive (job control, `$?` in the prompt) but no profile, no rc, no readline. */
export function shellArgs(): string[] {
  return ['--noprofile', '--norc', '--noediting', '-i'];
}

/** Prompt sequences: invisible OSC 697 sequences carrying the nonce (and `$?` for PS1). */
export function sentinels(nonce: string): { ps1: string; ps2: string; done: RegExp; more: RegExp } {
  return {
    ps1: `\\e]697;lc-${nonce};$?\\a`,
    ps2: `\\e]697;lc-${nonce}-more\\a`,
    done: new RegExp(`\\x1b\\]697;lc-${nonce};(\\d+)\\x07`),
    more: new RegExp(`\\x1b\\]697;lc-${nonce}-more\\x07`),
  };
}

/**
 * The shell's environment: the author's, with the sentinel prompts, a fixed TERM, no history file
 * (recording must not touch the author's history), and `cat` as pager (a pager would wait for keys).
 */
export function shellEnv(base: NodeJS.ProcessEnv, nonce: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  for (const k of ['PROMPT_COMMAND', 'BASH_ENV', 'ENV', 'PS0', 'PS3', 'PS4', 'HISTFILE']) delete env[k];
  const s = sentinels(nonce);
  return { ...env, TERM: 'xterm-256color', PS1: s.ps1, PS2: s.ps2, HISTFILE: '/dev/null', PAGER: 'cat', GIT_PAGER: 'cat' };
}

/** Typed once the shell is up, before anything is recorded (its own output is discarded). */
export const SETUP_LINE = 'stty -echo; set +H; export -n PS1 PS2';

/** Seconds to wait for the prompt after Ctrl-C before killing the shell. */
const INTERRUPT_GRACE_MS = 3000;
/** The session's output kept for `wait for` (docs/casts.md): the last 4 MB, far more than a wait looks back over. */
const LOG_MAX = 4 * 1024 * 1024;

/** Escape sequences (OSC, CSI, others) and carriage returns: what a pattern to wait for should not have to spell. */
const CONTROL = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\r/g;

/** Text as a reader sees it in the terminal (roughly): escape sequences and CRs taken out. */
export function plainTerminalText(data: string): string {
  return data.replace(CONTROL, '');
}

/** A running bash session in a pseudo-terminal. */
export class ShellSession {
  readonly #pty: IPty;
  readonly #s: ReturnType<typeof sentinels>;
  #listener: ((data: string) => void) | null = null;
  #exitListener: ((code: number) => void) | null = null;
  #exited: number | null = null;
  readonly #exitPromise: Promise<void>;
  /** Everything the session printed (also between commands: a background job's output), for `wait for`. */
  #log = '';
  /** Characters dropped from the front of `#log` (it keeps the last LOG_MAX). */
  #logBase = 0;

  private constructor(p: IPty, nonce: string) {
    this.#pty = p;
    this.#s = sentinels(nonce);
    let exited!: () => void;
    this.#exitPromise = new Promise((resolve) => { exited = resolve; });
    p.onData((d) => {
      this.#log += d;
      if (this.#log.length > LOG_MAX) { const cut = this.#log.length - LOG_MAX / 2; this.#log = this.#log.slice(cut); this.#logBase += cut; }
      this.#listener?.(d);
    });
    p.onExit(({ exitCode, signal }) => {
      const code = signal ? 128 + signal : exitCode; // the shell's convention for "killed by a signal"
      this.#exited = code;
      this.#exitListener?.(code);
      exited();
    });
  }

  /** Where the session's output stands now (an offset to give `outputSince`). */
  get outputMark(): number {
    return this.#logBase + this.#log.length;
  }

  /** The session's output from `mark` on, as plain text (escape sequences and the prompt sentinels taken out). */
  outputSince(mark: number): string {
    return plainTerminalText(this.#log.slice(Math.max(0, mark - this.#logBase)));
  }

  /** The first match of `re` in the plain text of the output since `mark`: the mark just after it, or null. */
  findOutput(re: RegExp, mark: number): number | null {
    const from = Math.max(mark, this.#logBase);
    const raw = this.#log.slice(from - this.#logBase);
    // The plain text, and where each of its pieces starts in the raw output.
    const pieces: { plain: number; raw: number }[] = [];
    let plain = '';
    let last = 0;
    for (const m of raw.matchAll(CONTROL)) {
      if (m.index! > last) { pieces.push({ plain: plain.length, raw: last }); plain += raw.slice(last, m.index); }
      last = m.index! + m[0].length;
    }
    if (last < raw.length) { pieces.push({ plain: plain.length, raw: last }); plain += raw.slice(last); }
    const found = new RegExp(re.source, re.flags.replace(/[gy]/g, '')).exec(plain);
    if (!found) return null;
    const end = found.index + found[0].length;
    let k = pieces.length - 1;
    while (k > 0 && pieces[k].plain > end) k--;
    const piece = pieces[k];
    return from + (piece ? piece.raw + (end - piece.plain) : raw.length);
  }

  /** Resolves once bash has exited (after `close()`, or on its own). */
  whenExited(): Promise<void> {
    return this.#exitPromise;
  }

  /** Starts bash in a pseudo-terminal and waits until it is ready for the first command. */
  static async open(opts: ShellOptions): Promise<ShellSession> {
    const bash = opts.bash ?? which('bash');
    if (!bash) throw new LessoncastError('TOOL_MISSING', 'bash is not installed (not found on PATH).', 'Install bash: lessoncast record runs commands in bash.');
    const nonce = randomBytes(6).toString('hex');
    const p = nodePty.spawn(bash, shellArgs(), { name: 'xterm-256color', cols: opts.cols, rows: opts.rows, cwd: opts.cwd, env: shellEnv(opts.env ?? process.env, nonce) });
    const session = new ShellSession(p, nonce);
    const first = await session.#waitPrompt(10_000);
    if (!first) { session.close(); throw new LessoncastError('SHELL_FAILED', `bash did not show its prompt in a pseudo-terminal (in ${opts.cwd}).`, 'Check that bash runs: bash --noprofile --norc -i'); }
    const setup = await session.run(SETUP_LINE, { timeoutMs: 10_000 });
    if (setup.exitCode !== 0) { session.close(); throw new LessoncastError('SHELL_FAILED', `could not set up the recording shell (${SETUP_LINE} exited ${setup.exitCode}).`); }
    return session;
  }

  /** Process id of bash: the session's id too (node-pty starts it in a new session). */
  get pid(): number {
    return this.#pty.pid;
  }

  /** True once bash has exited. */
  get exited(): boolean {
    return this.#exited !== null;
  }

  /** Sends `command` and Enter; resolves when the prompt comes back (or after the time limit and Ctrl-C). */
  run(command: string, opts: { timeoutMs: number }): Promise<CommandRun> {
    if (this.#exited !== null) return Promise.resolve({ output: [], exitCode: null, duration: 0, timedOut: false, incomplete: false, shellExited: true });
    return new Promise((resolve) => {
      const start = performance.now();
      const chunks: { time: number; data: string }[] = [];
      let text = '';
      let timedOut = false;
      let incomplete = false;
      let killTimer: NodeJS.Timeout | undefined;
      const finish = (cut: number, exitCode: number | null, shellExited: boolean) => {
        clearTimeout(timer);
        clearTimeout(killTimer);
        this.#listener = null;
        this.#exitListener = null;
        resolve({ output: cutChunks(chunks, cut), exitCode, duration: (performance.now() - start) / 1000, timedOut, incomplete, shellExited });
      };
      const timer = setTimeout(() => {
        timedOut = true;
        this.interrupt();
        killTimer = setTimeout(() => this.#pty.kill('SIGKILL'), INTERRUPT_GRACE_MS);
      }, opts.timeoutMs);
      this.#listener = (data) => {
        chunks.push({ time: (performance.now() - start) / 1000, data });
        // Only the tail can hold a new sentinel: keeps long outputs linear.
        const from = Math.max(0, text.length - 64);
        text += data;
        const done = execFrom(this.#s.done, text, from);
        if (done) return finish(done.index, Number(done[1]), false);
        const more = execFrom(this.#s.more, text, from);
        if (more && !incomplete) {
          incomplete = true;
          // Cut the PS2 sentinel out and cancel the half-typed line; bash answers with PS1.
          text = text.slice(0, more.index) + text.slice(more.index + more[0].length);
          chunks.splice(0, chunks.length, ...rebuild(chunks, more.index, more[0].length));
          this.interrupt();
        }
      };
      this.#exitListener = (code) => finish(text.length, code, true);
      this.#pty.write(command + '\r');
    });
  }

  /** Ctrl-C to the foreground job. */
  interrupt(): void {
    if (this.#exited === null) this.#pty.write('\x03');
  }

  /** Ends the session (and whatever still runs in it). */
  close(): void {
    if (this.#exited !== null) return;
    try { this.#pty.kill('SIGHUP'); } catch { /* already gone */ }
  }

  /** Waits for the first prompt, discarding output; false on timeout or exit. */
  #waitPrompt(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let text = '';
      const t = setTimeout(() => { this.#listener = null; resolve(false); }, timeoutMs);
      this.#exitListener = () => { clearTimeout(t); resolve(false); };
      this.#listener = (d) => {
        text += d;
        if (this.#s.done.test(text)) { clearTimeout(t); this.#listener = null; this.#exitListener = null; resolve(true); }
      };
    });
  }
}

/** The chunks up to character offset `cut` of their concatenation (the sentinel and after dropped). */
export function cutChunks(chunks: { time: number; data: string }[], cut: number): { time: number; data: string }[] {
  const out: { time: number; data: string }[] = [];
  let pos = 0;
  for (const c of chunks) {
    if (pos >= cut) break;
    const data = c.data.slice(0, cut - pos);
    if (data) out.push({ time: c.time, data });
    pos += c.data.length;
  }
  return out;
}

/** `re.exec(text)` starting at `from`, with `index` relative to the whole text. */
function execFrom(re: RegExp, text: string, from: number): RegExpExecArray | null {
  const m = re.exec(text.slice(from));
  if (m) m.index += from;
  return m;
}

/** The chunks with `len` characters removed at offset `at`. */
function rebuild(chunks: { time: number; data: string }[], at: number, len: number): { time: number; data: string }[] {
  const out: { time: number; data: string }[] = [];
  let pos = 0;
  for (const c of chunks) {
    const s = pos, e = pos + c.data.length;
    pos = e;
    const keep = c.data.slice(0, Math.max(0, Math.min(c.data.length, at - s))) + c.data.slice(Math.max(0, Math.min(c.data.length, at + len - s)));
    if (keep) out.push({ time: c.time, data: keep });
  }
  return out;
}
