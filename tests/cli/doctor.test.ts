import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessoncast } from '../helpers/cli.ts';

describe('lessoncast doctor', () => {
  it('finds the tools the set-up script installs, with versions', () => {
    const r = lessoncast(['doctor', '--json']);
    const report = JSON.parse(r.stdout);
    const byName = Object.fromEntries(report.checks.map((c: { name: string }) => [c.name, c]));
    expect(r.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(byName.Chromium.version).toMatch(/Chromium \d+/);
    expect(byName.ffmpeg.version).toMatch(/ffmpeg version/);
    expect(byName["speech: festival (this course's voice)"].version).toContain('cmu_us_slt_arctic_hts');
    expect(byName['speech: espeak-ng'].ok).toBe(true);
    expect(byName['speech: flite'].ok).toBe(true);
    // A cloud voice is listed, not required, and never reached by doctor.
    expect(byName['speech: openai'].required).toBe(false);
    // No voice installed here (the tests' empty voices folder), the runtime is (a dev dependency): the fix names only what is missing.
    const voice = report.checks.find((c: { name: string }) => c.name.startsWith('voice: '));
    expect(voice.fix).toContain('lessoncast voices add en_US-joe-medium');
    expect(voice.fix).not.toContain('onnxruntime-node');
  });

  it('names the missing tool and the command that installs it', () => {
    // A PATH with node only: ffmpeg, festival and the rest are "not installed".
    const bin = mkdtempSync(join(tmpdir(), 'lc-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = lessoncast(['doctor'], { env: { PATH: bin } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ ffmpeg[\s\S]*apt-get install -y ffmpeg/);
    expect(r.stdout).toMatch(/✗ speech: festival[\s\S]*apt-get install -y festival festvox-us-slt-hts/);
    expect(r.stdout).toContain('required tool(s) missing');
  });
});
