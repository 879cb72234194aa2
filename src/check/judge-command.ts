/**
 * One command's real result against the script (docs/check.md): its output compared with the written
 * one (normalized), its exit status with what the script says (`# exit N`, else 0). Pure: the
 * findings, and the output to write with `check --update` when the script's differs.
 */
import type { Command, Diagnostic } from '../types.ts';
import { findSecrets, redactSecrets, type SecretPattern } from '../secrets/redact-secrets.ts';
import { compareOutput, mergedOutput, trimBlankLines } from './compare-output.ts';

/** What a command did when it ran. */
export interface RealResult {
  /** Its output as the terminal shows it (terminal-text.ts). */
  lines: string[];
  exitCode: number | null;
  timedOut: boolean;
  incomplete: boolean;
  timeoutSeconds: number;
}

/** How a command's result compares with the script. */
export type Verdict = 'as-written' | 'differs' | 'unwritten' | 'failed';

/** The findings about one command, and the output `--update` would write (null: nothing to write). */
export interface CommandJudgement {
  verdict: Verdict;
  diagnostics: Diagnostic[];
  /** The real output (secrets masked) when the script's should change. */
  update: string[] | null;
}

/** Options: the lesson's slug (for hints), the course's `check.ignore` and `redact` patterns. */
export interface JudgeOptions {
  slug: string;
  ignore?: readonly RegExp[];
  secrets?: readonly SecretPattern[];
}

/** Compares what `command` did with what the script says it does. */
export function judgeCommand(command: Command, real: RealResult, opts: JudgeOptions): CommandJudgement {
  const at = { file: command.pos.file, line: command.pos.line, column: command.pos.column };
  const diagnostics: Diagnostic[] = [];
  const shown = `\`${redactSecrets(command.command, opts.secrets)}\``;
  const realText = real.lines.join('\n');
  const secrets = findSecrets(realText, opts.secrets);
  // Secrets are masked on both sides before anything is compared or shown.
  const realLines = trimBlankLines(secrets.length ? redactSecrets(realText, opts.secrets).split('\n') : real.lines);
  const written = (command.output ?? []).map((l) => redactSecrets(l, opts.secrets));
  if (secrets.length)
    diagnostics.push({ code: 'secret-in-output', severity: 'warning', ...at,
      message: `${shown} printed ${describeSecrets(secrets.map((s) => s.name))}; it is masked in casts, deck, video and site`,
      hint: 'keep real credentials out of a lesson: a throwaway account, or a command that does not print them' });

  if (real.timedOut)
    diagnostics.push({ code: 'command-timed-out', severity: 'error', ...at, message: `${shown} did not finish in ${real.timeoutSeconds} s; it was stopped with Ctrl-C`,
      hint: 'wait for what it needs first (wait for "..." / wait until <command> on the line before it), or pass a longer --timeout' });
  if (real.incomplete)
    diagnostics.push({ code: 'command-incomplete', severity: 'error', ...at, message: `${shown} is incomplete: bash asked for more input (an unclosed quote or a trailing \\?)`, hint: 'close the quote' });

  const expectedExit = command.expect?.exit ?? 0;
  if (!real.timedOut && !real.incomplete && real.exitCode !== null && real.exitCode !== expectedExit)
    diagnostics.push({ code: 'unexpected-exit', severity: 'error', ...at,
      message: command.expect?.exit !== undefined
        ? `${shown} exited ${real.exitCode}; the script says \`# exit ${expectedExit}\``
        : `${shown} exited ${real.exitCode}; the script does not show that it fails`,
      hint: real.exitCode !== 0 ? `fix the command or what it needs (set-up, a wait); if it is meant to fail, end its line with \`# exit ${real.exitCode}\`` : 'remove `# exit N` from its line, or make it fail as the lesson says' });

  // A command that failed is a broken lesson, not a stale script: --update does not write what it printed.
  const failed = diagnostics.some((d) => d.severity === 'error');
  let verdict: Verdict = failed ? 'failed' : 'as-written';
  let update: string[] | null = null;
  if (command.output === null && !command.expect?.noOutput) {
    // The script does not say what it prints: nothing to contradict, but worth writing down.
    if (realLines.length) {
      diagnostics.push({ code: 'output-not-written', severity: 'warning', ...at,
        message: `${shown} printed ${realLines.length} line${realLines.length === 1 ? '' : 's'}; the script shows none`,
        hint: `lessoncast check ${opts.slug} --update writes them under the command` });
      if (!failed) { verdict = 'unwritten'; update = realLines; }
    }
  } else {
    const cmp = compareOutput(written, realLines, { ignore: opts.ignore, labels: [`${command.pos.file}:${command.pos.line} (written)`, 'real output'] });
    if (!cmp.same) {
      const d = cmp.firstDifference;
      const what = command.expect?.noOutput && written.length === 0
        ? 'printed output; the script marks it `# no output`'
        : d?.written != null && d.real != null ? `printed \`${d.real}\` where the script shows \`${d.written}\``
          : d?.written != null ? `did not print \`${d.written}\`` : `printed \`${d?.real ?? ''}\`, which the script does not show`;
      diagnostics.push({ code: 'output-drift', severity: 'error', ...at, message: `${shown} ${what}`,
        hint: `lessoncast check ${opts.slug} --update writes the real output into the script; or fix the command`, detail: cmp.diff });
      if (!failed) { verdict = 'differs'; update = mergedOutput(written, realLines, { ignore: opts.ignore }); }
    }
  }
  return { verdict, diagnostics, update };
}

/** "a GitHub token", "a GitHub token and a private key". */
function describeSecrets(names: string[]): string {
  const unique = [...new Set(names)].map((n) => `a${/^[aeiou]/i.test(n) ? 'n' : ''} ${n}`);
  return unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}
