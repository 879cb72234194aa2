/**
 * Festival's batch script holds the narration text: its temporary folder
 * (`<tmp>/lessoncast-festival-<pid>-…`) is removed on every exit path — a return, a throw, a process
 * exiting on SIGTERM (as the CLI's handler does) — and one left by a process killed with SIGKILL is
 * swept by the next process that speaks. A festival killed by a signal says which signal. Real
 * festival, real signals.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processTempDir, sweepDeadTempDirs } from '../../src/adapters/temp-dir.ts';
import { festivalEngine } from '../../src/narrate/engines/festival.ts';

const work = mkdtempSync(join(tmpdir(), 'lc-festival-temp-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Long enough that festival is still speaking when the test acts. */
const LONG = Array.from({ length: 40 }, (_, i) => `This is sentence number ${i + 1} of a long paragraph that keeps festival busy.`).join(' ');

/** The temporary folders of `pid` in the system temp folder. */
const foldersOf = (pid: number) => readdirSync(tmpdir()).filter((n) => n.startsWith(`lessoncast-festival-${pid}-`));

/** Child processes of `pid` named `name` (from /proc). */
function children(pid: number, name: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && comm === name) out.push(Number(d));
    } catch { /* gone */ }
  }
  return out;
}

async function until(cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A process that speaks LONG with festival (exiting on SIGTERM as the CLI does); resolves its pid and exit. */
function speaker(): { pid: number; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const script = join(work, 'speak.mts');
  writeFileSync(script, `
    import { festivalEngine } from ${JSON.stringify(join(__dirname, '../../src/narrate/engines/festival.ts'))};
    process.on('SIGTERM', () => process.exit(143));
    await festivalEngine.synthesize({ text: ${JSON.stringify(LONG)} }, ${JSON.stringify(join(work, 'out.wav'))});
  `);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: join(__dirname, '../..'), stdio: 'ignore' });
  return { pid: child.pid!, exited: new Promise((r) => child.on('exit', (code, signal) => r({ code, signal }))) };
}

describe("festival's temporary files", () => {
  it('SIGTERM during speech: the process exits and its folder (with say.scm) is gone', async () => {
    const s = speaker();
    await until(() => children(s.pid, 'festival').length > 0);
    const [folder] = foldersOf(s.pid);
    expect(readFileSync(join(tmpdir(), folder, 'say.scm'), 'utf8')).toContain('sentence number 40');
    process.kill(s.pid, 'SIGTERM');
    expect((await s.exited).code).toBe(143);
    expect(foldersOf(s.pid)).toEqual([]);
  }, 60_000);

  it('SIGKILL leaves the folder; the next process that speaks sweeps it (its pid is gone)', async () => {
    const s = speaker();
    await until(() => children(s.pid, 'festival').length > 0);
    process.kill(s.pid, 'SIGKILL');
    expect((await s.exited).signal).toBe('SIGKILL');
    for (const f of children(s.pid, 'festival')) process.kill(f, 'SIGKILL');
    const left = foldersOf(s.pid);
    expect(left).toHaveLength(1);
    // The next folder made sweeps the dead one's (once per process; the sweep again finds nothing); a live process's stays.
    const mine = processTempDir('lessoncast-festival-');
    sweepDeadTempDirs('lessoncast-festival-');
    expect(existsSync(join(tmpdir(), left[0]))).toBe(false);
    expect(existsSync(mine.dir)).toBe(true);
    mine.remove();
    expect(existsSync(mine.dir)).toBe(false);
  }, 60_000);

  it('festival killed by a signal: the error names festival and the signal; the folder is removed', async () => {
    const speaking = festivalEngine.synthesize({ text: LONG }, join(work, 'killed.wav'));
    const failed = speaking.then(() => null, (err: Error) => err);
    await until(() => children(process.pid, 'festival').length > 0);
    for (const f of children(process.pid, 'festival')) process.kill(f, 'SIGKILL');
    const err = await failed;
    expect(err?.message).toBe('festival was killed by SIGKILL while speaking 1 sentence(s).');
    expect(foldersOf(process.pid)).toEqual([]);
  }, 60_000);
});
