/**
 * The package as a user gets it: `npm pack` of this repository (which builds dist/ through
 * prepack), then `npm install -g --prefix <temp> <tarball>` from the npm cache where it can
 * (--prefer-offline). Used by scripts/bench-cli.ts and tests/package/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A packed and installed lessoncast. */
export interface Installed {
  tarball: string;
  /** The global prefix it was installed into. */
  prefix: string;
  /** The `lessoncast` executable (prefix/bin/lessoncast, a link to dist/bin.js). */
  bin: string;
  /** The installed package folder. */
  packageDir: string;
  /** Names of the files in the tarball (without the leading package/). */
  files: string[];
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Packs the repository into `work` and installs the tarball into a fresh prefix there.
 * `ignoreScripts` installs as on a machine where node-pty cannot be compiled (and saves the ~14 s
 * its node-gyp build takes): lessoncast must work without it.
 */
export function packAndInstall(work = mkdtempSync(join(tmpdir(), 'lessoncast-pack-')), opts: { ignoreScripts?: boolean } = {}): Installed {
  // Puppeteer must not download a browser: lessoncast finds the system's (src/adapters/browser.ts).
  const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', npm_config_update_notifier: 'false' };
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { filename: string; files: { path: string }[] }[];
  const tarball = join(work, packed[0].filename);
  const prefix = join(work, 'prefix');
  execFileSync(npm, ['install', '-g', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...(opts.ignoreScripts ? ['--ignore-scripts'] : [])], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const packageDir = join(prefix, 'lib', 'node_modules', 'lessoncast');
  if (!readdirSync(join(prefix, 'bin')).includes('lessoncast')) throw new Error(`npm install -g put no lessoncast in ${prefix}/bin`);
  return { tarball, prefix, bin: join(prefix, 'bin', 'lessoncast'), packageDir, files: packed[0].files.map((f) => f.path) };
}
