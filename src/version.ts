/** lessoncast's version, from its own package.json (one folder above src/ and dist/ alike). */
import { readFileSync } from 'node:fs';

/** The installed package's version, e.g. "0.1.0". */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
