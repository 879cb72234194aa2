/**
 * The pronunciation lexicon: written word → what the voice should say. Applied to speech only;
 * captions and notes keep the written text. Pure: the course file is read by read-lexicon.ts.
 */

/** Entries keyed by their lower-case written form. */
export type Lexicon = Map<string, string>;

/** Built-in defaults for the field (Kubernetes, the shell, the web); a course file overrides them. */
export const BUILTIN_LEXICON: Readonly<Record<string, string>> = {
  'kubectl': 'kube control',
  // festival's own guess is "kyoo-ber-neets"; this spelling gives "koo-ber-net-eez".
  'kubernetes': 'koobernetties',
  'k8s': 'koobernetties',
  'kubelet': 'kube let',
  'kubeadm': 'kube admin',
  'minikube': 'mini kube',
  'etcd': 'E T C D',
  'yaml': 'yammel',
  'yml': 'yammel',
  'yamls': 'yammels',
  'ymls': 'yammels',
  'json': 'jason',
  'pod-to-pod': 'pod to pod',
  'node-to-node': 'node to node',
  'centos': 'cent O S',
  'cento-os': 'cent O S',
  'httpd': 'H T T P D',
  'http': 'H T T P',
  'https': 'H T T P S',
  'ip': 'I P',
  'ips': "I P's",
  'dns': 'D N S',
  'url': 'U R L',
  'urls': "U R L's",
  'api': 'A P I',
  'apis': "A P I's",
  'cli': 'C L I',
  'cpu': 'C P U',
  'ssh': 'S S H',
  'tcp': 'T C P',
  'udp': 'U D P',
  'tls': 'T L S',
  'vm': 'V M',
  'vms': "V M's",
  'nginx': 'engine X',
  'nodeport': 'node port',
  'clusterip': 'cluster I P',
  'localcluster': 'local cluster',
  'localhost': 'local host',
  'svc': 'service',
  'vscode': 'V S code',
  'ctrl': 'control',
  'cmd': 'command',
  'pwd': 'P W D',
  'realtime': 'real time',
  'md': 'markdown',
  'sh': 'S H',
  'txt': 'text',
};

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Builds a lexicon: built-ins, then each source in order (later entries win; keys are case-insensitive). */
export function buildLexicon(...sources: (Record<string, string> | Lexicon | undefined)[]): Lexicon {
  const out: Lexicon = new Map();
  for (const src of [BUILTIN_LEXICON, ...sources]) {
    if (!src) continue;
    const entries = src instanceof Map ? src.entries() : Object.entries(src);
    for (const [k, v] of entries) if (k.trim()) out.set(k.trim().toLowerCase(), v);
  }
  return out;
}

/** "127.0.0.1" → "one two seven dot zero dot zero dot one" (an optional ":port" is read as a number). */
export function speakIp(ip: string): string {
  const [addr, port] = ip.split(':');
  const spoken = addr.split('.').map((part) => [...part].map((d) => DIGITS[Number(d)]).join(' ')).join(' dot ');
  return port ? `${spoken} port ${port}` : spoken;
}

const IP = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
const URL_RE = /^([a-z][a-z0-9+.-]*):\/\/(.+)$/i;
// Leading and trailing punctuation that belongs to the sentence, not to the token.
const LEAD = /^[("'“‘[{<]+/;
const TRAIL = /[)"'”’\]}>.,;:!?…]+$/;

/** The lexicon entry for one word, trying its possessive and plural-less forms. */
function lookup(word: string, lex: Lexicon): string | undefined {
  const lower = word.toLowerCase();
  const hit = lex.get(lower);
  if (hit !== undefined) return hit;
  const poss = lower.match(/^(.+?)(['’]s)$/);
  if (poss) {
    const base = lex.get(poss[1]);
    if (base !== undefined) return `${base}'s`;
  }
  return undefined;
}

/** One word or hyphenated compound: its entry, else its parts' entries, else itself. */
function speakWord(word: string, lex: Lexicon): string {
  const hit = lookup(word, lex);
  if (hit !== undefined) return hit;
  const parts = word.split(/[-_]/);
  if (parts.length > 1 && parts.every((p) => p)) {
    const spoken = parts.map((p) => lookup(p, lex));
    // Keep ordinary compounds ("auto-assigned") as written: the engine reads them well.
    if (spoken.some((s) => s !== undefined)) return parts.map((p, i) => spoken[i] ?? p).join(' ');
    if (word.includes('_')) return parts.join(' ');
  }
  return word;
}

/** A dotted name (file, host) or a path: "configs/pod-httpd.yml" → "configs slash pod H T T P D dot yammel". */
function speakName(token: string, lex: Lexicon): string {
  return token.split('/').filter((s) => s !== '').map((seg) => {
    const dots = seg.split('.');
    return dots.map((d) => speakWord(d, lex)).join(' dot ');
  }).join(' slash ');
}

/** True for "google.com", "pod-httpd.yml", "a/b" — but not "e.g.", "U.S." or "1.5". */
function isName(core: string): boolean {
  if (/^\d+(\.\d+)*$/.test(core)) return false;
  if (core.includes('/') && /[A-Za-z]/.test(core) && !/^\/+$/.test(core)) return true;
  const parts = core.split('.');
  return parts.length > 1 && parts.every((p) => p !== '') && parts.some((p) => /[A-Za-z]{2,}/.test(p));
}

/** One whitespace-separated token, punctuation kept around its spoken form. */
function speakToken(token: string, lex: Lexicon): string {
  const lead = token.match(LEAD)?.[0] ?? '';
  let core = token.slice(lead.length);
  const trail = core.match(TRAIL)?.[0] ?? '';
  core = core.slice(0, core.length - trail.length);
  if (!core) return token;
  const whole = lookup(core, lex);
  let spoken: string;
  if (whole !== undefined) spoken = whole;
  else if (IP.test(core)) spoken = speakIp(core);
  else if (URL_RE.test(core)) {
    const [, scheme, rest] = core.match(URL_RE)!;
    spoken = `${speakWord(scheme, lex)} colon slash slash ${speakName(rest, lex)}`;
  } else if (isName(core)) spoken = speakName(core, lex);
  else spoken = speakWord(core, lex);
  return lead + spoken + trail;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The spoken form of a sentence: multi-word entries first ("smart phone" → ...), then each token:
 * an entry, an IP address, a URL, a file or host name, a hyphenated compound, or the word itself.
 */
export function toSpoken(text: string, lex: Lexicon): string {
  // "book,you": a missing space after a comma would glue two words into one token.
  let s = text.replace(/([,;])(?=\p{L})/gu, '$1 ');
  const phrases = [...lex.keys()].filter((k) => /\s/.test(k)).sort((a, b) => b.length - a.length);
  for (const key of phrases) {
    const re = new RegExp(`(?<![\\w-])${escapeRegExp(key).replace(/\s+/g, '\\s+')}(?![\\w-])`, 'gi');
    s = s.replace(re, () => lex.get(key)!);
  }
  return s.split(/(\s+)/).map((part) => (/^\s+$/.test(part) || part === '' ? part : speakToken(part, lex))).join('').replace(/\s+/g, ' ').trim();
}
