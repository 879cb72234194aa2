/**
 * Pronunciation rules for the field's words (docs/narration.md, "Pronunciation rules"): what the
 * voice says for each written token of a sentence. Pure. The lexicon (built-ins + the course's
 * lexicon.yml) is consulted first, for the whole token and for each part of it; the rules cover
 * what a word list cannot: identifiers, acronyms, versions, flags, paths, ports, addresses.
 */

/** A pronunciation lexicon: entries keyed by their lower-case written form (lexicon.ts holds the built-in one). */
export type Lexicon = Map<string, string>;

/** One or more written tokens and what the voice says for them. */
export interface SpokenPart {
  /** The written tokens (whitespace-separated, without the sentence's punctuation around them); several for a multi-word lexicon entry, none for punctuation alone. */
  written: string[];
  /** What is said, with the sentence's punctuation kept (it shapes the engine's phrasing). */
  spoken: string;
}

export interface PronounceOptions {
  /** false: the lexicon alone, token by token (the benchmark's baseline). Default true. */
  rules?: boolean;
}

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** An address octet as people read it: below 100 as a number ("ninety six"), above digit by digit ("one two seven"). */
function octet(part: string): string {
  const n = Number(part);
  if (part.length > 1 && part.startsWith('0')) return [...part].map((d) => DIGITS[Number(d)]).join(' ');
  if (n < 10) return DIGITS[n];
  if (n < 20) return TEENS[n - 10];
  if (n < 100) return TENS[Math.floor(n / 10)] + (n % 10 ? ` ${DIGITS[n % 10]}` : '');
  return [...part].map((d) => DIGITS[Number(d)]).join(' ');
}

/** Acronyms said as words, not spelled (the lexicon may say them otherwise). */
export const SAID_AS_WORDS: Readonly<Record<string, string>> = {
  YAML: 'yammel', JSON: 'jason', NGINX: 'engine X', TOML: 'tommel', ASCII: 'askee', GUI: 'gooey',
  CIDR: 'cider', NAT: 'nat', RAM: 'ram', LAN: 'lan', WAN: 'wan', REST: 'rest', CRUD: 'crud',
  POSIX: 'posix', AJAX: 'ajax', CORS: 'cors', SCSI: 'scuzzy', OK: 'okay', WASM: 'wasm', SAML: 'samel',
  SIM: 'sim', PIN: 'pin', NASA: 'nasa', LINQ: 'link', GIF: 'gif', JPEG: 'jay peg', PNG: 'ping',
  SQL: 'sequel', MAC: 'mac', DEB: 'deb', RPM: 'R P M', ISO: 'eye so', SAN: 'san', VPN: 'V P N',
};

/**
 * Common words an author may write in capitals for emphasis ("do NOT"): said as words, never
 * spelled. Acronyms of up to four letters are otherwise spelled.
 */
const EMPHASIS_WORDS = new Set(('A AN AND ARE AS AT BE BUT BY CAN DO DONT FOR FROM GO HAS HAVE HE HERE HOW I IF IN IS IT ' +
  'JUST LIKE MAY ME MUST MY NEW NEXT NO NOT NOW OF OFF ON ONE ONLY OR OUR OUT SEE SO STOP THAT THE THEN THEY THIS TO ' +
  'TWO UP US USE VERY WANT WAS WAY WE WHAT WHEN WHO WHY WILL WITH YES YOU YOUR ALL ANY BOTH EACH EVEN EVER LAST LESS ' +
  'MORE MOST MUCH NEED NONE ONCE OVER SAME SOME SUCH THAN THEM WELL WERE ALSO BACK BEST DONE EASY FAST FREE FULL GOOD ' +
  'HALF HARD HELP HIGH KEEP KNOW LONG LOOK MAKE MANY NEAR OPEN PART REAL SAFE SURE TAKE TELL TRUE TRY TURN WAIT WORK ' +
  'NEVER ALWAYS').split(' '));

/** Segments of a path that are said in a particular way inside a path only ("etc" is "et cetera" in prose). */
const PATH_WORDS: Readonly<Record<string, string>> = {
  etc: 'E T C', usr: 'user', tmp: 'temp', var: 'var', lib: 'lib', bin: 'bin', sbin: 'S bin', opt: 'opt',
  dev: 'dev', proc: 'proc', sys: 'sys', src: 'source', conf: 'conf', cfg: 'config', pkg: 'package',
};

/** File extensions said as words ("pod.yml" → "pod dot yammel" comes from the lexicon's yml). */
const EXTENSIONS: Readonly<Record<string, string>> = {
  conf: 'conf', cfg: 'C F G', js: 'J S', ts: 'T S', mjs: 'M J S', py: 'P Y', go: 'go', rs: 'R S', sh: 'S H',
  md: 'M D', txt: 'text', log: 'log', ini: 'ini', toml: 'tommel', xml: 'X M L', html: 'H T M L', css: 'C S S',
  tar: 'tar', gz: 'G Z', tgz: 'T G Z', zip: 'zip', pem: 'pem', crt: 'C R T', key: 'key', cast: 'cast', wav: 'wave', mp4: 'M P 4',
};

const PROTOCOLS = /^(TCP|UDP|SCTP)$/i;
const IP = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2})|:(\d{1,5}))?$/;
const URL_RE = /^([a-z][a-z0-9+.-]*):\/\/(.+)$/i;
const PORT_PROTO = /^(\d{1,5})(?::(\d{1,5}))?\/([A-Za-z]+)$/;
const HOST_PORT = /^([A-Za-z][\w.-]*)?:(\d{1,5})$/;
const VERSION = /^(?:[vV](\d+(?:\.\d+)*)|(\d+\.\d+\.\d+(?:\.\d+)?))(?:-([A-Za-z]+)\.?(\d+)?)?$/;
const FLAG = /^(--?)([A-Za-z][\w-]*)(?:=(.+))?$/;
// Leading and trailing punctuation that belongs to the sentence, not to the token.
const LEAD = /^[("'“‘[{<]+/;
const TRAIL = /[)"'”’\]}>.,;:!?…]+$/;

/** "127.0.0.1" → "one two seven dot zero dot zero dot one", "10.96.0.10" → "ten dot ninety six dot zero dot ten"; "/12" → "slash 12"; ":80" → "port 80". */
export function speakIp(ip: string): string {
  const m = ip.match(IP);
  const addr = m ? m[1] : ip.split(':')[0];
  const spoken = addr.split('.').map(octet).join(' dot ');
  if (m?.[2]) return `${spoken} slash ${m[2]}`;
  const port = m ? m[3] : ip.split(':')[1];
  return port ? `${spoken} port ${port}` : spoken;
}

/** The lexicon entry for one word, trying its possessive form. */
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

/** Letters said one by one: "DNS" → "D N S" (digits stay numbers: "EC2" → "E C 2"). */
function spell(letters: string): string {
  return letters.match(/[A-Za-z]|\d+/g)!.map((x) => x.toUpperCase()).join(' ');
}

/** An all-capitals token: said as a word (YAML, NOT), else spelled (DNS, IPs → "I P's"). Undefined if not an acronym. */
export function speakAcronym(word: string): string | undefined {
  const m = word.match(/^([A-Z][A-Z\d]*[A-Z\d])(s|'s)?$/);
  if (!m || !/[A-Z].*[A-Z]|[A-Z]\d|\d[A-Z]/.test(m[1])) return undefined;
  const [, core, plural] = m;
  const said = SAID_AS_WORDS[core];
  const suffix = plural ? "'s" : '';
  if (said) return said + (plural ? 's' : '');
  if (EMPHASIS_WORDS.has(core)) return plural ? undefined : core.toLowerCase();
  // Long capitals with vowels are words written loud ("IMPORTANT"); without vowels they are spelled ("HTTPS").
  if (core.length > 4 && /[AEIOUY]/.test(core) && !/\d/.test(core)) return core.toLowerCase() + (plural ? 's' : '');
  return spell(core) + suffix;
}

/** Splits an identifier at case changes and digits: "CoreDNS" → Core DNS, "IPv4" → IP v 4, "HTTPServer" → HTTP Server. */
export function identifierParts(word: string): string[] {
  // "IPv4": a lone "v" before digits is a version letter, not the start of a word "Pv".
  return word.match(/[A-Z]+(?=v\d)|v(?=\d)|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [word];
}

const CAMEL = /[a-z][A-Z]|[A-Z]{2}[a-z]/;

/** One part of an identifier: its entry, an acronym, or the word in lower case (festival reads capitals as names). */
function speakPart(part: string, lex: Lexicon, rules: boolean): string | undefined {
  const hit = lookup(part, lex);
  if (hit !== undefined) return hit;
  if (!rules) return undefined;
  return speakAcronym(part);
}

/** A word, a CamelCase or kebab/snake-case identifier: its entry, else its parts' entries and rules, else itself. */
function speakWord(word: string, lex: Lexicon, rules: boolean): string {
  const hit = lookup(word, lex);
  if (hit !== undefined) return hit;
  if (!rules) return word;
  const acronym = speakAcronym(word);
  if (acronym !== undefined) return acronym;
  const parts = word.split(/[-_]/);
  if (parts.length > 1 && parts.every((p) => p)) {
    const spoken = parts.map((p) => speakWord(p, lex, rules));
    // Keep ordinary compounds ("auto-assigned") as written: the engine reads them well.
    if (spoken.some((s, i) => s !== parts[i]) || word.includes('_')) return spoken.join(' ');
    return word;
  }
  if (CAMEL.test(word)) return identifierParts(word).map((p) => speakPart(p, lex, rules) ?? p.toLowerCase()).join(' ');
  return word;
}

/** A file or host name: "pod-httpd.yml" → "pod H T T P D dot yammel", ".kube" → "dot kube". */
function speakDotted(name: string, lex: Lexicon, inPath: boolean): string {
  const whole = lookup(name, lex);
  if (whole !== undefined) return whole;
  const dots = name.split('.');
  return dots.map((d, i) => {
    if (d === '') return '';
    const lower = d.toLowerCase();
    if (i > 0 && i === dots.length - 1 && lookup(d, lex) === undefined && EXTENSIONS[lower]) return EXTENSIONS[lower];
    if (inPath && lookup(d, lex) === undefined && PATH_WORDS[lower] && dots.length === 1) return PATH_WORDS[lower];
    return speakWord(d, lex, true);
  }).join(' dot ').trim();
}

/** A path: "/etc/resolv.conf" → "slash E T C slash resolv dot conf", "~/.kube/config" → "tilde slash dot kube slash config". */
function speakPath(path: string, lex: Lexicon): string {
  const segs = path.split('/');
  const out: string[] = [];
  segs.forEach((seg, i) => {
    if (i > 0 && (i < segs.length - 1 || seg !== '')) out.push('slash');
    if (seg === '~') out.push('tilde');
    else if (seg !== '') out.push(speakDotted(seg, lex, true));
  });
  return out.join(' ');
}

/** True for "google.com", "pod-httpd.yml", ".kube" — but not "e.g.", "U.S." or "1.5". */
function isDotted(core: string): boolean {
  if (/^\d+(\.\d+)*$/.test(core)) return false;
  const parts = core.split('.');
  return parts.length > 1 && parts.every((p, i) => p !== '' || i === 0) && parts.some((p) => /[A-Za-z]{2,}/.test(p));
}

/** A command flag: "-o" → "dash O", "-it" → "dash I T", "--namespace=kube-system" → "dash dash namespace equals kube system". */
function speakFlag(m: RegExpMatchArray, lex: Lexicon): string {
  const [, dashes, name, value] = m;
  const said = dashes === '--' ? `dash dash ${name.split('-').map((p) => speakWord(p, lex, true)).join(' ')}` : `dash ${spell(name)}`;
  return value !== undefined ? `${said} equals ${speakCore(value, lex, true)}` : said;
}

/** A version: "v1.31.0" → "version 1 point 31 point 0", "1.31.0-rc.1" → "1 point 31 point 0 R C 1". */
function speakVersion(m: RegExpMatchArray): string {
  const [, vNumber, bare, pre, preNumber] = m;
  const said = (vNumber ? `version ${vNumber}` : bare).replace(/\./g, ' point ');
  const tail = pre ? ` ${pre.length <= 3 ? spell(pre) : pre.toLowerCase()}${preNumber ? ` ${preNumber}` : ''}` : '';
  return said + tail;
}

/** The spoken form of one token without its surrounding punctuation. */
function speakCore(core: string, lex: Lexicon, rules: boolean): string {
  const whole = lookup(core, lex);
  if (whole !== undefined) return whole;
  if (!rules) return core;
  let m: RegExpMatchArray | null;
  if ((m = core.match(URL_RE))) return `${speakWord(m[1], lex, true)} colon slash slash ${speakPath(m[2], lex)}`;
  if (IP.test(core)) return speakIp(core);
  if ((m = core.match(PORT_PROTO)) && PROTOCOLS.test(m[3])) return `${m[1]}${m[2] ? ` colon ${m[2]}` : ''} slash ${spell(m[3])}`;
  if ((m = core.match(HOST_PORT))) return `${m[1] ? `${speakDotted(m[1], lex, false)} ` : ''}port ${m[2]}`;
  if ((m = core.match(VERSION))) return speakVersion(m);
  if ((m = core.match(FLAG))) return speakFlag(m, lex);
  if (core.includes('/') && /[A-Za-z]/.test(core)) return speakPath(core, lex);
  if (isDotted(core)) return speakDotted(core, lex, false);
  return speakWord(core, lex, true);
}

/** Splits a whitespace token into the sentence's punctuation before it, the token itself, and punctuation after. */
export function splitToken(token: string): { lead: string; core: string; trail: string } {
  const lead = token.match(LEAD)?.[0] ?? '';
  let core = token.slice(lead.length);
  const trail = core.match(TRAIL)?.[0] ?? '';
  core = core.slice(0, core.length - trail.length);
  return { lead, core, trail };
}

/** True when a written token is a word of the sentence (has a letter or a digit): one word time per such token. */
export function isWordToken(core: string): boolean {
  return /[\p{L}\p{N}]/u.test(core);
}

/**
 * The sentence as parts: each whitespace token of `text` (or a run of them that a multi-word
 * lexicon entry names) with what the voice says for it.
 */
export function pronounce(text: string, lex: Lexicon, opts: PronounceOptions = {}): SpokenPart[] {
  const rules = opts.rules ?? true;
  const tokens = text.split(/\s+/).filter(Boolean);
  const phrases = [...lex.keys()].filter((k) => /\s/.test(k)).map((k) => ({ key: k, words: k.split(/\s+/) })).sort((a, b) => b.words.length - a.words.length);
  const parts: SpokenPart[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = phrases.find((p) => p.words.every((w, k) => {
      const t = tokens[i + k];
      if (t === undefined) return false;
      const { core, lead, trail } = splitToken(t);
      // Inner words of a phrase carry no punctuation between them.
      if ((k > 0 && lead) || (k < p.words.length - 1 && trail)) return false;
      return core.toLowerCase() === w;
    }));
    if (phrase) {
      const n = phrase.words.length;
      const first = splitToken(tokens[i]);
      const last = splitToken(tokens[i + n - 1]);
      parts.push({ written: tokens.slice(i, i + n).map((t) => splitToken(t).core), spoken: first.lead + lex.get(phrase.key)! + last.trail });
      i += n - 1;
      continue;
    }
    parts.push(pronounceToken(tokens[i], lex, rules));
  }
  return parts;
}

/** One whitespace token: "book,you" (a comma without its space) is one written token said as two words. */
function pronounceToken(token: string, lex: Lexicon, rules: boolean): SpokenPart {
  const { lead, core, trail } = splitToken(token);
  if (!core) return { written: [], spoken: token };
  const written = isWordToken(core) ? [core] : [];
  // "book,you": a missing space after a comma would glue two words into one token.
  if (/[,;]\p{L}/u.test(core) && !core.includes('/')) {
    const said = core.split(/(?<=[,;])(?=\p{L})/u).map((piece) => {
      const p = splitToken(piece);
      return p.lead + speakCore(p.core, lex, rules) + p.trail;
    }).join(' ');
    return { written, spoken: lead + said + trail };
  }
  return { written, spoken: lead + speakCore(core, lex, rules) + trail };
}

/** The spoken text of parts: what the engine is asked to say. */
export function spokenText(parts: SpokenPart[]): string {
  return parts.map((p) => p.spoken).join(' ').replace(/\s+/g, ' ').trim();
}
