/**
 * The languages the editor pane highlights: for each, shiki's grammar, the name VS Code's status bar
 * gives it, the file names and extensions that open in it, the words a code fence names it by, and
 * the badge its tabs wear. One table for the highlighter, the tab names and the status bar
 * (docs/stage.md, "Editor languages"). Pure data: the grammars load on demand from
 * `@shikijs/langs`, a file of the package, so the deck and the video stay offline.
 */

/** One language of the editor. */
export interface EditorLanguage {
  /** shiki's grammar id (`@shikijs/langs/<id>`). */
  id: string;
  /** What VS Code's status bar calls it. */
  name: string;
  /** File extensions, lowercase, without the dot; the first names a code block's tab (`untitled-1.py`). */
  extensions: string[];
  /** Whole file names (lowercase) that are this language whatever their extension (`dockerfile`, `makefile`). */
  fileNames?: string[];
  /** More words a code fence names it by (besides the id and the extensions). */
  aliases?: string[];
  /** The tab's badge: a short label and its colour (VS Code's file icons, simplified). */
  badge: [label: string, color: string];
  load: () => Promise<unknown>;
}

/** Every language the editor highlights: the web (HTML, CSS, JS/TS, JSON), configuration (YAML, TOML, INI, HCL, nginx), Markdown, Dockerfile, shell and the common languages. */
export const EDITOR_LANGUAGES: readonly EditorLanguage[] = [
  { id: 'html', name: 'HTML', extensions: ['html', 'htm', 'xhtml'], badge: ['<>', '#e34c26'], load: () => import('@shikijs/langs/html') },
  { id: 'css', name: 'CSS', extensions: ['css'], badge: ['#', '#519aba'], load: () => import('@shikijs/langs/css') },
  { id: 'scss', name: 'SCSS', extensions: ['scss'], badge: ['S', '#c6538c'], load: () => import('@shikijs/langs/scss') },
  { id: 'javascript', name: 'JavaScript', extensions: ['js', 'mjs', 'cjs'], aliases: ['node'], badge: ['JS', '#e8d44d'], load: () => import('@shikijs/langs/javascript') },
  { id: 'jsx', name: 'JavaScript JSX', extensions: ['jsx'], badge: ['JSX', '#61dafb'], load: () => import('@shikijs/langs/jsx') },
  { id: 'typescript', name: 'TypeScript', extensions: ['ts', 'mts', 'cts'], badge: ['TS', '#3178c6'], load: () => import('@shikijs/langs/typescript') },
  { id: 'tsx', name: 'TypeScript JSX', extensions: ['tsx'], badge: ['TSX', '#3178c6'], load: () => import('@shikijs/langs/tsx') },
  { id: 'json', name: 'JSON', extensions: ['json', 'webmanifest'], fileNames: ['.prettierrc', '.babelrc'], badge: ['{}', '#cbcb41'], load: () => import('@shikijs/langs/json') },
  { id: 'jsonc', name: 'JSON with Comments', extensions: ['jsonc'], fileNames: ['tsconfig.json', 'jsconfig.json', 'devcontainer.json'], badge: ['{}', '#cbcb41'], load: () => import('@shikijs/langs/jsonc') },
  { id: 'yaml', name: 'YAML', extensions: ['yml', 'yaml'], badge: ['YML', '#cb4b16'], load: () => import('@shikijs/langs/yaml') },
  { id: 'markdown', name: 'Markdown', extensions: ['md', 'markdown'], badge: ['M↓', '#519aba'], load: () => import('@shikijs/langs/markdown') },
  { id: 'dockerfile', name: 'Dockerfile', extensions: ['dockerfile'], fileNames: ['dockerfile', 'containerfile'], aliases: ['docker', 'containerfile'], badge: ['🐳', '#2496ed'], load: () => import('@shikijs/langs/dockerfile') },
  { id: 'shellscript', name: 'Shell Script', extensions: ['sh', 'bash', 'zsh'], fileNames: ['.bashrc', '.bash_profile', '.profile', '.zshrc'], aliases: ['shell', 'console', 'shellscript'], badge: ['$_', '#89e051'], load: () => import('@shikijs/langs/shellscript') },
  { id: 'python', name: 'Python', extensions: ['py', 'pyw'], aliases: ['python3', 'py3'], badge: ['PY', '#3572a5'], load: () => import('@shikijs/langs/python') },
  { id: 'go', name: 'Go', extensions: ['go'], aliases: ['golang'], badge: ['GO', '#00add8'], load: () => import('@shikijs/langs/go') },
  { id: 'rust', name: 'Rust', extensions: ['rs'], badge: ['RS', '#dea584'], load: () => import('@shikijs/langs/rust') },
  { id: 'java', name: 'Java', extensions: ['java'], badge: ['J', '#b07219'], load: () => import('@shikijs/langs/java') },
  { id: 'c', name: 'C', extensions: ['c', 'h'], badge: ['C', '#555fbf'], load: () => import('@shikijs/langs/c') },
  { id: 'cpp', name: 'C++', extensions: ['cpp', 'cc', 'cxx', 'hpp', 'hh'], aliases: ['c++'], badge: ['C++', '#f34b7d'], load: () => import('@shikijs/langs/cpp') },
  { id: 'ruby', name: 'Ruby', extensions: ['rb'], fileNames: ['gemfile', 'rakefile'], badge: ['RB', '#cc342d'], load: () => import('@shikijs/langs/ruby') },
  { id: 'sql', name: 'SQL', extensions: ['sql'], badge: ['SQL', '#e38c00'], load: () => import('@shikijs/langs/sql') },
  { id: 'xml', name: 'XML', extensions: ['xml', 'svg', 'xsd', 'xsl', 'plist'], badge: ['<>', '#0060ac'], load: () => import('@shikijs/langs/xml') },
  { id: 'toml', name: 'TOML', extensions: ['toml'], badge: ['TM', '#9c4221'], load: () => import('@shikijs/langs/toml') },
  { id: 'ini', name: 'Ini', extensions: ['ini', 'cfg', 'conf'], fileNames: ['.editorconfig', '.gitconfig'], badge: ['⚙', '#d1dbe0'], load: () => import('@shikijs/langs/ini') },
  { id: 'properties', name: 'Properties', extensions: ['properties', 'env'], fileNames: ['.env'], badge: ['≡', '#d1dbe0'], load: () => import('@shikijs/langs/properties') },
  { id: 'make', name: 'Makefile', extensions: ['mk'], fileNames: ['makefile', 'gnumakefile'], aliases: ['makefile'], badge: ['M', '#427819'], load: () => import('@shikijs/langs/make') },
  { id: 'diff', name: 'Diff', extensions: ['diff', 'patch'], badge: ['±', '#41b883'], load: () => import('@shikijs/langs/diff') },
  { id: 'hcl', name: 'HCL', extensions: ['tf', 'hcl', 'tfvars'], aliases: ['terraform'], badge: ['TF', '#7b42bc'], load: () => import('@shikijs/langs/hcl') },
  { id: 'nginx', name: 'Nginx', extensions: [], fileNames: ['nginx.conf'], badge: ['NX', '#009639'], load: () => import('@shikijs/langs/nginx') },
];

/** What a file or block with no known language is: shown as text, "Plain Text" in the status bar. */
export const PLAIN_TEXT = { id: 'text', name: 'Plain Text', extension: 'txt', badge: ['≡', '#9da5b4'] as [string, string] };

const BY_ID = new Map(EDITOR_LANGUAGES.map((l) => [l.id, l]));
const BY_EXTENSION = new Map(EDITOR_LANGUAGES.flatMap((l) => l.extensions.map((e) => [e, l] as const)));
const BY_FILE_NAME = new Map(EDITOR_LANGUAGES.flatMap((l) => (l.fileNames ?? []).map((n) => [n, l] as const)));
const NAME_FIRST = new Set(['dockerfile', 'containerfile', 'makefile']);
const BY_FENCE = new Map(EDITOR_LANGUAGES.flatMap((l) => [l.id, ...l.extensions, ...(l.aliases ?? [])].map((w) => [w, l] as const)));

/** The language of an id (`text` and unknown ids: none). */
export function editorLanguage(id: string): EditorLanguage | undefined {
  return BY_ID.get(id);
}

/** The language id of a file path: its whole name first (`Dockerfile`, `nginx.conf`), then its extension; else `text`. */
export function languageOfFile(path: string): string {
  const base = path.split(/[\\/]/).pop()!.toLowerCase();
  const named = BY_FILE_NAME.get(base);
  if (named) return named.id;
  // `Dockerfile.dev`, `Makefile.ci`: the name says the language before the extension does (as in VS Code).
  const stem = base.split('.')[0];
  if (NAME_FIRST.has(stem)) return BY_FILE_NAME.get(stem)!.id;
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  return BY_EXTENSION.get(ext)?.id ?? PLAIN_TEXT.id;
}

/** The language id a code fence's info string names (its first word: ```` ```python title="x" ````); else `text`. */
export function languageOfFence(info: string): string {
  const word = info.trim().split(/\s+/)[0]?.toLowerCase().replace(/^\{?\.?/, '').replace(/\}$/, '') ?? '';
  return BY_FENCE.get(word)?.id ?? PLAIN_TEXT.id;
}

/** A code block's tab name: `untitled-<n>.<the language's extension>` (`untitled-1.py`; `.txt` for plain text). */
export function untitledName(n: number, lang: string): string {
  return `untitled-${n}.${BY_ID.get(lang)?.extensions[0] ?? PLAIN_TEXT.extension}`;
}

/** The status bar's name of a language id (`Python`, `Plain Text`). */
export function languageName(lang: string): string {
  return BY_ID.get(lang)?.name ?? PLAIN_TEXT.name;
}

/** The badge of a language id's tabs. */
export function languageBadge(lang: string): [label: string, color: string] {
  return BY_ID.get(lang)?.badge ?? PLAIN_TEXT.badge;
}
