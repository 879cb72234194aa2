/**
 * `lessoncast check [slug...] [--json] [--update [--yes]] [--timeout S]`: runs each lesson's commands
 * as `record` does, without writing casts, and compares their real output and exit status with the
 * script (docs/check.md). `--update` writes the real output of the commands that differ into the
 * script, after showing the change. Exit 1 on any error, 130 when interrupted.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import type { CourseOptions } from './command-options.ts';
import { openCourse, selectSlugs, transcriptPath, type Course } from '../course.ts';
import { LessoncastError } from '../errors.ts';
import { readLesson } from '../parse/read-lesson.ts';
import { parseLesson } from '../parse/parse-lesson.ts';
import { writeFileAtomicSync } from '../adapters/atomic-write.ts';
import { formatDiagnostics, type LintGroup } from '../lint/format-diagnostics.ts';
import type { Diagnostic } from '../types.ts';
import { redactSecrets } from '../secrets/redact-secrets.ts';
import { redactPatterns } from '../secrets/course-patterns.ts';
import type { CheckedCommand, LessonCheck } from '../check/check-lesson.ts';
import type { OutputUpdate } from '../check/update-script.ts';

/** Options from the command line (src/cli.ts). */
export interface CheckCommandOptions extends CourseOptions {
  json?: boolean;
  update?: boolean;
  yes?: boolean;
  timeout?: number;
}

/** Runs the command; returns the exit code. */
export async function run(slugs: string[], opts: CheckCommandOptions): Promise<number> {
  try {
    await import('node-pty');
  } catch (err) {
    const { ptyFix } = await import('./doctor.ts');
    throw new LessoncastError('PTY_MISSING', 'lessoncast check needs node-pty, a native module that is not available here.', ptyFix(err), { cause: err });
  }
  const { checkLesson } = await import('../check/check-lesson.ts');
  const course = await openCourse({ root: opts.root });
  const lessons = selectSlugs(course, slugs);
  const timeoutSeconds = opts.timeout ?? 60;
  const out = process.stdout;
  const talk = !opts.json && !opts.quiet;
  const color = pc.isColorSupported && opts.color !== false;

  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C: leave at once (the exit hook removes the copy)
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let tempFolder: string | null = null;
  const removeTemp = () => { if (tempFolder) rmSync(tempFolder, { recursive: true, force: true }); };

  const all: Diagnostic[] = [];
  let code = 0;
  try {
    for (const slug of lessons) {
      // As written: the commands run for real; secrets are masked in everything check shows.
      const lesson = await readLesson(course, slug, { secrets: 'keep' });
      const source = readFileSync(transcriptPath(course, slug), 'utf8');
      const parseErrors = lesson.diagnostics.filter((d) => d.severity === 'error');
      if (talk) out.write(`${pc.bold(`Checking ${lesson.title}`)} (${slug}) in a fresh copy of ${relative(course.root, join(course.root, lesson.meta.workdir)) || 'the course folder'}\n`);
      const result = await checkLesson(course, lesson, {
        timeoutSeconds,
        signal: controller.signal,
        onTempFolder: (root) => { tempFolder = root; process.once('exit', removeTemp); },
        onHidden: (h) => { if (talk) out.write(pc.dim(`  ${h.type === 'setup' ? 'set-up' : 'tear-down'} (${h.pos.file}:${h.pos.line})`) + '\n'); },
        onWait: (w) => { if (talk) out.write(pc.dim(`  ${w.raw}`) + '\n'); },
        onChecked: (c) => { if (talk) out.write(progressLine(c, redactPatterns(course.config)) + '\n'); },
      });
      process.off('exit', removeTemp);
      tempFolder = null;
      const diagnostics = [...parseErrors, ...result.diagnostics];
      all.push(...diagnostics);
      if (result.aborted) {
        process.stderr.write(`${pc.yellow('interrupted')}: ${result.checked.length} command${plural(result.checked.length)} of ${slug} checked before Ctrl-C; nothing was written.\n`);
        code = 130;
        break;
      }
      let resolved = new Set<string>();
      if (opts.update) resolved = await updateLesson(course, slug, source, result, { yes: !!opts.yes, talk, json: !!opts.json });
      const remaining = diagnostics.filter((d) => !resolved.has(`${d.line}:${d.code}`));
      if (!opts.json) {
        const group: LintGroup = { slug, diagnostics: remaining, summary: summary(result) };
        out.write(formatDiagnostics([group], color));
      }
      if (remaining.some((d) => d.severity === 'error')) code = 1;
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('exit', removeTemp);
  }
  if (opts.json) out.write(JSON.stringify(all, null, 2) + '\n');
  return code;
}

/** `  ✓ 3  curl -sI http://…  0.05 s` (secrets masked: CI logs are often public). */
function progressLine(c: CheckedCommand, secrets: ReturnType<typeof redactPatterns>): string {
  const mark = { 'as-written': pc.green('✓'), unwritten: pc.yellow('?'), differs: pc.red('✗'), failed: pc.red('✗') }[c.judgement.verdict];
  const note = { 'as-written': '', unwritten: pc.yellow(' output not in the script'), differs: pc.red(' output differs'), failed: pc.red(c.exitCode !== null && c.exitCode !== (c.command.expect?.exit ?? 0) ? ` exit ${c.exitCode}` : ' failed') }[c.judgement.verdict];
  return `  ${mark} ${String(c.number).padStart(2)}  ${redactSecrets(c.command.command, secrets)}  ${pc.dim(`${c.duration.toFixed(2)} s`)}${note}`;
}

function summary(r: LessonCheck): string {
  const n = (v: string) => r.checked.filter((c) => c.judgement.verdict === v).length;
  const parts = [`${r.checked.length} command${plural(r.checked.length)} checked: ${n('as-written')} as written`];
  if (n('differs')) parts.push(`${n('differs')} differ${n('differs') === 1 ? 's' : ''}`);
  if (n('failed')) parts.push(`${n('failed')} failed`);
  if (n('unwritten')) parts.push(`${n('unwritten')} with output the script does not show`);
  if (r.notRun.length) parts.push(`${r.notRun.length} not run`);
  return parts.join(', ');
}

/**
 * `--update`: the real output of each command that differs (or whose output is not written) goes into
 * the script; the change is shown as a diff first and written only when confirmed (or `--yes`), whole
 * (temp file and rename), and only if the script did not change meanwhile. Returns the findings it
 * resolved (`line:code`).
 */
async function updateLesson(course: Course, slug: string, source: string, result: LessonCheck, opts: { yes: boolean; talk: boolean; json: boolean }): Promise<Set<string>> {
  const { updateScript } = await import('../check/update-script.ts');
  const file = relative(course.root, transcriptPath(course, slug));
  const updates: OutputUpdate[] = result.checked.filter((c) => c.judgement.update !== null).map((c) => ({ command: c.command, lines: c.judgement.update! }));
  const resolved = new Set<string>();
  if (updates.length === 0) return resolved;
  const next = updateScript(source, updates, (text) => parseLesson(text, { file, slug }));
  for (const r of next.refused)
    process.stderr.write(`${pc.bold(`${file}:${r.update.command.pos.line}`)} ${pc.yellow('not updated')} \`${redactSecrets(r.update.command.command, redactPatterns(course.config))}\`: ${r.reason}\n`);
  if (next.applied.length === 0) return resolved;
  const patch = createTwoFilesPatch(file, file, source.replace(/\r\n?/g, '\n'), next.text.replace(/\r\n?/g, '\n'), 'script', 'with the real output', { context: 2 })
    .split('\n').filter((l) => !/^(=+|Index: .*)$/.test(l)).join('\n');
  // With --json, stdout holds only the JSON: the change goes to stderr.
  (opts.json ? process.stderr : process.stdout).write(colorPatch(patch) + '\n');
  const what = `${next.applied.length} command${plural(next.applied.length)}' output`;
  if (!opts.yes) {
    if (!process.stdin.isTTY) {
      process.stderr.write(`${pc.yellow('not written')}: ${file} would get ${what}; pass --yes to write it without a terminal to ask on.\n`);
      return resolved;
    }
    if (!(await confirm(`Write ${what} into ${file}? [y/N] `))) { process.stdout.write('Nothing written.\n'); return resolved; }
  }
  if (readFileSync(transcriptPath(course, slug), 'utf8') !== source) {
    process.stderr.write(`${pc.yellow('not written')}: ${file} changed while it was being checked; run check --update again.\n`);
    return resolved;
  }
  writeFileAtomicSync(transcriptPath(course, slug), next.text);
  if (opts.talk) process.stdout.write(`${pc.green('✓')} ${file}: ${what} written\n`);
  for (const u of next.applied) for (const code of ['output-drift', 'output-not-written']) resolved.add(`${u.command.pos.line}:${code}`);
  return resolved;
}

function colorPatch(patch: string): string {
  return patch.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? pc.green(l) : l.startsWith('-') && !l.startsWith('---') ? pc.red(l) : l.startsWith('@@') ? pc.cyan(l) : l)).join('\n');
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const ac = new AbortController();
  rl.on('SIGINT', () => ac.abort()); // Ctrl-C at the question means no
  try {
    return /^y(es)?$/i.test((await rl.question(question, { signal: ac.signal })).trim());
  } catch {
    process.stdout.write('\n');
    return false;
  } finally {
    rl.close();
  }
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
