/**
 * The package as a user gets it: `npm pack` of this repository (which builds dist/ through
 * prepack), then `npm install -g --prefix <temp> <tarball>` from the npm cache where it can
 * (--prefer-offline), with nothing set: no PUPPETEER_SKIP_DOWNLOAD, and every browser download
 * address pointed at a closed local port, so an install that tried to download a browser would fail.
 * Used by scripts/bench-cli.ts and tests/package/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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
  /** What `npm install -g` printed on stderr (its warnings). */
  npmStderr: string;
}

/** Where puppeteer and @puppeteer/browsers download browsers from (their environment variables), all closed: port 9 refuses. */
export const BLOCKED_BROWSER_DOWNLOADS = {
  PUPPETEER_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9', PUPPETEER_CHROME_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9',
  PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9', PUPPETEER_FIREFOX_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9',
};

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Packs the repository into `work` and installs the tarball into a fresh prefix there.
 * `ignoreScripts` installs as npm 12 does by default (no dependency's install script runs).
 */
export function packAndInstall(work = mkdtempSync(join(tmpdir(), 'lessoncast-pack-')), opts: { ignoreScripts?: boolean } = {}): Installed {
  // Nothing set that a user would not have; browser downloads blocked (none should be tried).
  const env: NodeJS.ProcessEnv = { ...process.env, ...BLOCKED_BROWSER_DOWNLOADS, npm_config_update_notifier: 'false' };
  for (const k of Object.keys(env)) if (/^(PUPPETEER_SKIP_|npm_config_ignore_scripts$)/i.test(k)) delete env[k];
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { filename: string; files: { path: string }[] }[];
  const tarball = join(work, packed[0].filename);
  const prefix = join(work, 'prefix');
  const install = spawnSync(npm, ['install', '-g', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund', ...(opts.ignoreScripts ? ['--ignore-scripts'] : [])], { env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install -g ${tarball} failed (exit ${install.status}):\n${install.stderr}`);
  const packageDir = join(prefix, 'lib', 'node_modules', 'lessoncast');
  if (!readdirSync(join(prefix, 'bin')).includes('lessoncast')) throw new Error(`npm install -g put no lessoncast in ${prefix}/bin`);
  return { tarball, prefix, bin: join(prefix, 'bin', 'lessoncast'), packageDir, files: packed[0].files.map((f) => f.path), npmStderr: install.stderr };
}
