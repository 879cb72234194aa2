/**
 * Secrets in text: the built-in patterns of common credentials and a course's own (`redact` in the
 * config), found and masked (docs/security.md, "Secrets"). Pure. Masking keeps what tells the reader
 * what it was (`ghp_`, `Authorization: Bearer `, the PEM armour lines, a URL's user and host) and
 * replaces the secret part by a fixed `••••••••`, whatever its length, so a mask gives no hint of it.
 *
 * Our own patterns rather than a scanner package: the maintained ones (secretlint, gitleaks) find
 * secrets in files but do not mask them in a terminal stream, and their rule sets are config files
 * we would still have to carry; these are the formats the providers document.
 */

/** What replaces a secret. */
export const SECRET_MASK = '••••••••';
const MASKED = /^•+$/;

/** One kind of secret: `re` is global with indices (`dg`); `spans` picks the masked parts of a match (default: all of it). */
export interface SecretPattern {
  name: string;
  re: RegExp;
  /** Spans [start, end) of the match to mask, relative to the match start. */
  spans?: (m: RegExpExecArray) => [number, number][];
}

/** A secret found in a text: what kind, where it is (`start`..`end`), and the spans that are masked (a PEM block: one per line). */
export interface SecretFinding {
  name: string;
  start: number;
  end: number;
  spans: [number, number][];
}

/** The span of capture group `g` of a match (the `d` flag gives indices), relative to the match start. */
function group(g: number): (m: RegExpExecArray) => [number, number][] {
  return (m) => {
    const at = m.indices?.[g];
    return at ? [[at[0] - m.index, at[1] - m.index]] : [];
  };
}

/** Everything after the first `keep` characters of the match. */
function after(keep: number): (m: RegExpExecArray) => [number, number][] {
  return (m) => [[keep, m[0].length]];
}

/** The body of a PEM block: each line of it (real line breaks or JSON's `\n`), so a masked file keeps its line count. */
function pemBody(m: RegExpExecArray): [number, number][] {
  const at = m.indices?.[3];
  if (!at) return [];
  const body = m[0].slice(at[0] - m.index, at[1] - m.index);
  const out: [number, number][] = [];
  const sep = /\\r\\n|\\n|\r?\n/g;
  let from = 0;
  const push = (end: number) => {
    const seg = body.slice(from, end);
    const lead = /^[\s"',]*/.exec(seg)![0].length;
    const trail = /[\s"',]*$/.exec(seg.slice(lead))![0].length;
    if (seg.length - lead - trail > 0) out.push([at[0] - m.index + from + lead, at[0] - m.index + end - trail]);
  };
  for (let s = sep.exec(body); s; s = sep.exec(body)) {
    push(s.index);
    from = s.index + s[0].length;
  }
  push(body.length);
  return out;
}

/** Line breaks inside a PEM block: real ones, or `\n` escaped in a JSON string (a GCP service account key). */
const PEM_BREAK = String.raw`(?:\\r\\n|\\n|\r?\n)`;
const PEM_BEGIN = String.raw`-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----`;

/**
 * The built-in patterns (docs/security.md lists them with an example each). Every repeat is bounded
 * (a secret is at most a few KB): a pathological text costs linear time, never quadratic.
 */
export const BUILTIN_SECRET_PATTERNS: readonly SecretPattern[] = [
  // The body of an armoured block; and, for output cut short before its END line, the base64 lines after BEGIN.
  { name: 'private key', re: new RegExp(String.raw`${PEM_BEGIN}([\s\S]{0,8192}?)-----END \1PRIVATE KEY\2-----`, 'dg'), spans: pemBody },
  { name: 'private key', re: new RegExp(String.raw`${PEM_BEGIN}((?:${PEM_BREAK}[A-Za-z0-9+/=]+)+)`, 'dg'), spans: pemBody },
  { name: 'AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/dg, spans: after(4) },
  {
    name: 'AWS secret access key',
    re: /\b(?:aws_secret_access_key|secret_access_key|SecretAccessKey|AWS_SECRET_ACCESS_KEY)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dg,
    spans: group(1),
  },
  { name: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/dg, spans: after(4) },
  { name: 'GitHub token', re: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/dg, spans: after(11) },
  { name: 'GitLab token', re: /\bgl(?:pat|rt|dt|ptt|cbt|soat|ft|agent|oas)-[A-Za-z0-9_-]{20,255}/dg, spans: (m) => [[m[0].indexOf('-') + 1, m[0].length]] },
  { name: 'Slack token', re: /\bxox[abposre]-[A-Za-z0-9-]{10,255}/dg, spans: after(5) },
  { name: 'Slack webhook', re: /\bhooks\.slack\.com\/services\/([A-Za-z0-9/]{20,255})/dg, spans: group(1) },
  { name: 'Stripe key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,255}/dg, spans: (m) => [[m[0].indexOf('_', 3) + 1, m[0].length]] },
  { name: 'Stripe webhook secret', re: /\bwhsec_[A-Za-z0-9]{20,255}/dg, spans: after(6) },
  { name: 'OpenAI key', re: /\bsk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,512}/dg, spans: after(3) },
  { name: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/dg, spans: after(4) },
  { name: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/dg, spans: after(4) },
  { name: 'Hugging Face token', re: /\bhf_[A-Za-z0-9]{30,255}\b/dg, spans: after(3) },
  { name: 'GCP private key id', re: /"private_key_id"\s*:\s*"([0-9a-f]{40})"/dg, spans: group(1) },
  { name: 'JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{5,1024}\.eyJ[A-Za-z0-9_-]{5,8192}\.[A-Za-z0-9_-]{10,8192}/dg, spans: after(3) },
  { name: 'Authorization header', re: /\bAuthorization\s*:\s*(?:Bearer|Basic|Token|Bot|Digest)\s+([^\s'"\\]{1,8192})/dgi, spans: group(1) },
  { name: 'bearer token', re: /\bBearer\s+([A-Za-z0-9._~+/=-]{16,8192})/dg, spans: group(1) },
  {
    name: 'kubeconfig credential',
    re: /(?<![\w-])(?:client-key-data|client-certificate-data|token|id-token|refresh-token)["']?\s*:\s*["']?([^\s"',}]{8,16384})/dg,
    spans: group(1),
  },
  { name: 'password in a URL', re: /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@'"]{0,256}:([^\s@/'"]{1,256})@/dgi, spans: group(1) },
];

/** A course's `redact` patterns (config): `"source"` or `"/source/flags"`; a pattern with a capture group masks group 1 only. */
export function compileRedactPattern(source: string): SecretPattern {
  const lit = /^\/(.+)\/([a-z]*)$/s.exec(source);
  const flags = new Set((lit ? lit[2] : '').split('').filter((f) => f !== 'g' && f !== 'y' && f !== 'd'));
  const re = new RegExp(lit ? lit[1] : source, [...flags, 'g', 'd'].join(''));
  return { name: 'course pattern', re, spans: (m) => (m.length > 1 && m.indices?.[1] ? group(1)(m) : [[0, m[0].length]]) };
}

/** Why a `redact`/`check.ignore` pattern does not compile, or null when it does (the schema's check). */
export function patternError(source: string): string | null {
  try {
    const p = compileRedactPattern(source);
    if (p.re.test('')) return 'it matches the empty text';
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Every secret in `text`, sorted; findings that overlap (a JWT in an Authorization header) are one. */
export function findSecrets(text: string, extra: readonly SecretPattern[] = []): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const p of [...BUILTIN_SECRET_PATTERNS, ...extra]) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      if (m[0] === '') { p.re.lastIndex++; continue; }
      const spans = (p.spans ? p.spans(m) : [[0, m[0].length] as [number, number]])
        .map(([a, b]): [number, number] => [m!.index + a, m!.index + b])
        // A mask is not a secret: masked text stays as it is, and lint finds nothing in it.
        .filter(([a, b]) => b > a && !MASKED.test(text.slice(a, b)));
      if (spans.length) found.push({ name: p.name, start: spans[0][0], end: spans[spans.length - 1][1], spans });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretFinding[] = [];
  for (const f of found) {
    const last = merged.at(-1);
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      last.spans.push(...f.spans);
    } else merged.push({ ...f, spans: [...f.spans] });
  }
  return merged;
}

/** `text` with every secret replaced by `SECRET_MASK`. */
export function redactSecrets(text: string, extra: readonly SecretPattern[] = []): string {
  const spans = maskSpans(findSecrets(text, extra));
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [a, b] of spans) {
    out += text.slice(at, a) + SECRET_MASK;
    at = b;
  }
  return out + text.slice(at);
}

/** The spans of the findings, sorted, overlapping ones joined. */
export function maskSpans(found: readonly SecretFinding[]): [number, number][] {
  const all = found.flatMap((f) => f.spans).sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const out: [number, number][] = [];
  for (const [a, b] of all) {
    const last = out.at(-1);
    if (last && a < last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
