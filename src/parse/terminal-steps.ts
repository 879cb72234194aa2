/** The lines of a `bash`/`sh`/`shell`/`console` block → commands and stage directions (docs/ir.md). */
import type { Command, Diagnostic, Direction, SourcePos, TerminalStep, WaitDirective } from '../types.ts';
import { findPlaceholders } from './find-placeholders.ts';
import { splitAnnotation } from './command-annotations.ts';
import { isWaitLine, parseWait } from './wait-directive.ts';

/** One line of a block's content, as written, with where it starts. */
export interface BlockLine { text: string; line: number; column: number }

/** Programs a bare line may start with to count as a command even if no `$` line uses them. */
export const KNOWN_PROGRAMS = new Set([
  'kubectl', 'minikube', 'kind', 'helm', 'docker', 'podman', 'curl', 'wget', 'cd', 'ls', 'cat', 'echo', 'pwd', 'git',
  'ssh', 'sudo', 'grep', 'export', 'mkdir', 'rm', 'cp', 'mv', 'touch', 'chmod', 'nslookup', 'dig', 'ping', 'watch',
  'node', 'npm', 'npx', 'python', 'python3', 'pip', 'apt', 'apt-get', 'yum', 'dnf', 'systemctl', 'journalctl',
  'terraform', 'aws', 'gcloud', 'az', 'make', 'go', 'head', 'tail', 'less', 'vim', 'nano', 'env', 'source', 'k',
]);

const DOLLAR = /^\$(?:\s|$)/;
const OPEN_FILE = /^code(?:\s+(.*))?$/s;
const FOCUS_TERMINAL = /^switch\s+to\s+(?:the\s+)?(?:(?:bash|shell|zsh)\s+)?terminal\b.*$/is;
const CLEAR = /^(?:clear|cmd\s*\+\s*k|ctrl\s*\+\s*l|⌘\s*k)$/i;
/** A path followed by `:<from>-<to>` or `:<line>` (digits only after the colon). */
const LINE_RANGE = /^(.*[^:\s]):(\d{1,9})(?:\s*-\s*(\d{1,9}))?$/s;

/** First word of a command line (what "starts like a command" compares). */
export function firstWord(command: string): string {
  return command.trim().split(/\s+/)[0] ?? '';
}

/** True when the block writes at least one command with a `$` prompt. */
export function hasPromptLines(lines: BlockLine[]): boolean {
  return lines.some((l) => DOLLAR.test(l.text.trim()));
}

/** A block's steps, the wait directives after its last command (they wait before the next block's first), and its findings. */
export interface TerminalSteps {
  steps: TerminalStep[];
  waits: WaitDirective[];
  diagnostics: Diagnostic[];
}

/**
 * Steps of one terminal block. `commandWords`: first words of the lesson's `$` commands, so a
 * bare `kubectl get pods` after some output is read as the next command, not as output.
 * Commands get `id: ''`, `index: -1`: the lesson numbers them once all blocks are read.
 * `waits`: wait directives still pending from earlier blocks; they go to this block's first command.
 */
export function terminalSteps(lines: BlockLine[], commandWords: ReadonlySet<string>, file: string, waits: WaitDirective[] = []): TerminalSteps {
  const prompted = hasPromptLines(lines);
  const steps: TerminalStep[] = [];
  const diagnostics: Diagnostic[] = [];
  let pending = [...waits];
  let current = null as { cmd: Command; lines: BlockLine[] } | null;
  const finish = (): void => {
    if (!current) return;
    const out = current.lines.map((l) => l.text.trimEnd());
    while (out.length && out[out.length - 1] === '') out.pop();
    current.cmd.output = out.length ? out : null;
    const last = current.lines.slice(0, out.length).at(-1);
    if (last) current.cmd.pos.endLine = last.line;
    current.cmd.raw = [current.cmd.raw, ...current.lines.slice(0, out.length).map((l) => l.text.trimEnd())].join('\n');
    if (current.cmd.expect?.noOutput && current.cmd.output)
      diagnostics.push({ code: 'no-output-with-output', severity: 'warning', file, line: current.cmd.pos.line, column: current.cmd.pos.column,
        message: `\`${current.cmd.command}\` is marked \`# no output\` but has ${current.cmd.output.length} line${current.cmd.output.length === 1 ? '' : 's'} of output under it`,
        hint: 'remove `no output` from its comment, or the lines under it' });
    current = null;
  };
  const startCommand = (l: BlockLine, written: string, column: number, explicit: boolean): void => {
    finish();
    // `# no output` / `# exit 1` say what to expect; they are not typed on screen.
    const { command: text, expect } = splitAnnotation(written);
    const cmd: Command = {
      type: 'command', id: '', index: -1, command: text, output: null, explicit,
      placeholders: findPlaceholders(text, column),
      ...(expect ? { expect } : {}),
      ...(pending.length ? { waits: pending } : {}),
      pos: { file, line: l.line, column: l.column + leading(l.text), endLine: l.line }, raw: l.text.trim(),
    };
    pending = [];
    steps.push(cmd);
    current = { cmd, lines: [] };
  };
  for (const l of lines) {
    const t = l.text.trim();
    const lead = leading(l.text);
    if (isWaitLine(t)) {
      finish();
      const pos = { file, line: l.line, column: l.column + lead, endLine: l.line };
      const wait = waitDirective(t, pos, diagnostics);
      if (wait) pending.push(wait);
      continue;
    }
    if (DOLLAR.test(t)) {
      const text = t.slice(1).trim();
      if (text) startCommand(l, text, l.column + lead + t.indexOf(text), true);
      else finish();
      continue;
    }
    const dir = direction(t, l, lead, file);
    if (dir) { finish(); steps.push(dir); continue; }
    if (!t) { current?.lines.push(l); continue; }
    if (!prompted || !current || commandWords.has(firstWord(t)) || KNOWN_PROGRAMS.has(firstWord(t))) {
      startCommand(l, t, l.column + lead, false);
      if (!prompted) finish();
      continue;
    }
    current.lines.push(l);
  }
  finish();
  return { steps, waits: pending, diagnostics };
}

/** A wait line as a directive, or null with an `invalid-wait` error (docs/ir.md). */
export function waitDirective(t: string, pos: SourcePos, diagnostics: Diagnostic[]): WaitDirective | null {
  const w = parseWait(t);
  if ('error' in w) {
    diagnostics.push({ code: 'invalid-wait', severity: 'error', file: pos.file, line: pos.line, column: pos.column, message: `${t}: ${w.error}`, hint: w.hint });
    return null;
  }
  return { type: 'wait', ...w, pos, raw: t };
}

function leading(s: string): number {
  return /^\s*/.exec(s)![0].length;
}

function direction(t: string, l: BlockLine, lead: number, file: string): Direction | null {
  const pos = { file, line: l.line, column: l.column + lead, endLine: l.line };
  const open = OPEN_FILE.exec(t);
  if (open) {
    const written = (open[1] ?? '').trim();
    const pathColumn = pos.column + (written ? t.indexOf(written, 4) : t.length);
    // `code <path>:<from>-<to>` (or `:<line>`): the lines to scroll to and mark (docs/ir.md).
    const range = LINE_RANGE.exec(written);
    const path = range ? range[1] : written;
    const lines = range ? { from: Number(range[2]), to: Number(range[3] ?? range[2]) } : undefined;
    return { type: 'direction', action: 'open-file', path, ...(lines ? { lines } : {}), placeholders: findPlaceholders(path, pathColumn), pos, raw: t };
  }
  const keys = directionKeys(t);
  if (FOCUS_TERMINAL.test(t)) return { type: 'direction', action: 'focus-terminal', ...(keys ? { keys } : {}), placeholders: [], pos, raw: t };
  if (CLEAR.test(t)) return { type: 'direction', action: 'clear', ...(keys ? { keys } : {}), placeholders: [], pos, raw: t };
  return null;
}

/** A key chord in a direction: `ctrl+~`, `cmd + k`, `⌘K`, `(ctrl+shift+p)`; lower case, `+` between keys, or null. */
const KEY_CHORD = /(?:^|[\s(])((?:(?:ctrl|control|cmd|command|alt|option|opt|shift|meta|super|win)\s*\+\s*)+[^\s()+]+|⌘\s*[^\s()]+|⌃\s*[^\s()]+)/i;

/** The key press a direction names (docs/ir.md), normalized: `ctrl+~`, `cmd+k`; null when it names none. */
export function directionKeys(text: string): string | null {
  const m = KEY_CHORD.exec(text);
  if (!m) return null;
  const chord = m[1].replace(/^⌘\s*/, 'cmd+').replace(/^⌃\s*/, 'ctrl+');
  const names: Record<string, string> = { control: 'ctrl', command: 'cmd', option: 'alt', opt: 'alt', meta: 'cmd', super: 'cmd', win: 'cmd' };
  return chord.split(/\s*\+\s*/).map((k) => k.toLowerCase()).map((k) => names[k] ?? k).join('+');
}
