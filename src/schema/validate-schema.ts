/**
 * Schema issues → diagnostics with the file, line and column of the key and a did-you-mean, and
 * the data with every bad key dropped (so the rest of a config or frontmatter still applies).
 */
import { closest, distance } from 'fastest-levenshtein';
import * as z from 'zod';
import type { Diagnostic } from '../types.ts';

/** Where a key is written: 1-based. */
export interface KeyPlace { line: number; column: number }

/** How to report one file's issues. */
export interface ValidateOptions {
  /** Path shown in diagnostics (relative to the course root). */
  file: string;
  /** Where the key at `path` is written, or null when it cannot be found. */
  locate: (path: readonly PropertyKey[]) => KeyPlace | null;
  /** Words in messages: 'config' or 'frontmatter'. */
  label: string;
  /** Diagnostic codes for an unknown key and for a bad value. */
  codes: { unknownKey: string; invalid: string };
}

/** The valid part of the data and one diagnostic per issue. */
export interface Validated<T> { value: T; diagnostics: Diagnostic[] }

/** The nearest name to `word` when it is near enough to be a typo, else undefined. */
export function didYouMean(word: string, choices: readonly string[]): string | undefined {
  if (choices.length === 0) return undefined;
  const near = closest(word.toLowerCase(), choices.map((c) => c.toLowerCase()));
  const index = choices.findIndex((c) => c.toLowerCase() === near);
  const d = distance(word.toLowerCase(), near);
  return d <= Math.max(2, Math.floor(word.length / 3)) ? choices[index] : undefined;
}

/** Validates `data`; never throws. Bad keys are dropped and the rest parsed again, so every issue is found. */
export function validateWithSchema<S extends z.ZodType>(schema: S, data: unknown, opts: ValidateOptions): Validated<z.output<S>> {
  const diagnostics: Diagnostic[] = [];
  let current = data;
  // Objects that lost a bad key: a refinement of such an object in a later pass judges what is
  // left, not what the author wrote (a width dropped, the default width against their height).
  const partial = new Set<string>();
  // Refinements of an object run only once its keys parse: a second or third pass finds those.
  for (let pass = 0; pass < 4; pass++) {
    const r = schema.safeParse(current);
    if (r.success) return { value: r.data, diagnostics };
    const drop: PropertyKey[][] = [];
    for (const issue of r.error.issues) {
      const consequence = issue.code === 'custom' && issue.path.length > 0 && partial.has(issue.path.map(String).join('.'));
      if (!consequence) diagnostics.push(...issueDiagnostics(schema, issue, current, opts));
      if (issue.code === 'unrecognized_keys') for (const k of issue.keys) drop.push([...issue.path, k]);
      else drop.push(issue.path);
    }
    for (const p of drop) if (p.length > 1) partial.add(p.slice(0, -1).map(String).join('.'));
    if (drop.some((p) => p.length === 0)) break;
    current = dropPaths(current, drop);
  }
  const empty = schema.safeParse({});
  return { value: (empty.success ? empty.data : {}) as z.output<S>, diagnostics };
}

function issueDiagnostics(schema: z.ZodType, issue: z.core.$ZodIssue, data: unknown, opts: ValidateOptions): Diagnostic[] {
  const place = (path: readonly PropertyKey[]): KeyPlace => {
    for (let n = path.length; n > 0; n--) {
      const p = opts.locate(path.slice(0, n));
      if (p) return p;
    }
    return { line: 1, column: 1 };
  };
  const name = (path: readonly PropertyKey[]) => path.map(String).join('.');
  const at = (path: readonly PropertyKey[], severity: Diagnostic['severity'], code: string, message: string, hint?: string): Diagnostic =>
    ({ code, severity, file: opts.file, ...place(path), message, ...(hint ? { hint } : {}) });

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, issue.path);
    return issue.keys.map((key) => {
      const near = didYouMean(key, known);
      const path = [...issue.path, key];
      return at(path, 'error', opts.codes.unknownKey, `unknown ${opts.label} key \`${name(path)}\``,
        near ? `did you mean \`${near}\`?` : known.length ? `known keys${issue.path.length ? ` of \`${name(issue.path)}\`` : ''}: ${known.join(', ')}` : undefined);
    });
  }
  const value = valueAt(data, issue.path);
  const key = `${opts.label} \`${name(issue.path)}\``;
  if (issue.code === 'invalid_value') {
    const choices = issue.values.map(String);
    const near = typeof value === 'string' ? didYouMean(value, choices) : undefined;
    return [at(issue.path, 'error', opts.codes.invalid, `${key} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${describe(value)}`,
      near ? `did you mean "${near}"?` : undefined)];
  }
  if (issue.code === 'custom') {
    const params = (issue.params ?? {}) as { choices?: string[]; value?: string; aliases?: Record<string, string> };
    let near = params.choices && params.value !== undefined ? didYouMean(params.value, params.choices) : undefined;
    if (near && params.aliases?.[near]) near = params.aliases[near];
    // A rule over a whole object (a size's aspect) says what is wrong in its own words.
    const whole = typeof value === 'object' && value !== null && !issue.message.startsWith('must');
    const message = params.choices || whole ? `${key}: ${issue.message}` : `${key} ${issue.message}, not ${describe(value)}`;
    return [at(issue.path, 'error', opts.codes.invalid, message,
      near ? `did you mean "${near}"?` : params.choices ? `one of: ${params.choices.join(', ')}` : undefined)];
  }
  return [at(issue.path, 'error', opts.codes.invalid, `${key} must be ${expected(issue)}, not ${describe(value)}`)];
}

/** What the schema wanted, in words. */
function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const words: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'text', object: 'a mapping (key: value)', array: 'a list', boolean: 'true or false' };
      return words[issue.expected] ?? `of type ${issue.expected}`;
    }
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') return 'not empty';
      return issue.inclusive ? `at least ${issue.minimum}` : `more than ${issue.minimum}`;
    case 'too_big':
      return issue.inclusive ? `at most ${issue.maximum}` : `less than ${issue.maximum}`;
    case 'invalid_format':
      return issue.message.replace(/^must be /, '');
    case 'invalid_union':
      return 'text or a number';
    default:
      return issue.message.toLowerCase();
  }
}

/** A value as the author wrote it, for a message. */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'a mapping';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** The keys the object schema at `path` allows (for did-you-mean). */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let cur: z.ZodType | undefined = schema;
  for (const k of [...path, null]) {
    // Optional and refined wrappers hold the object schema inside.
    while (cur && !(cur instanceof z.ZodObject)) {
      if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodNullable) cur = cur.unwrap() as z.ZodType;
      else if (cur instanceof z.ZodRecord) cur = cur.valueType as z.ZodType;
      else return [];
    }
    if (!cur) return [];
    if (k === null) return Object.keys(cur.shape);
    cur = cur.shape[String(k)] as z.ZodType | undefined;
    if (cur instanceof z.ZodRecord) { cur = cur.valueType as z.ZodType; }
  }
  return [];
}

/** A copy of `data` without the values at `paths` (objects on the way copied, the rest shared: engines hold functions). */
function dropPaths(data: unknown, paths: PropertyKey[][]): unknown {
  let out = data;
  for (const path of paths) out = dropOne(out, path);
  return out;
}

function dropOne(data: unknown, path: PropertyKey[]): unknown {
  if (path.length === 0 || data === null || typeof data !== 'object') return data;
  const [head, ...rest] = path;
  if (Array.isArray(data)) {
    const copy = [...data];
    if (rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = dropOne(copy[Number(head)], rest);
    return copy;
  }
  const copy: Record<PropertyKey, unknown> = { ...(data as Record<PropertyKey, unknown>) };
  if (rest.length === 0) delete copy[head];
  else copy[head] = dropOne(copy[head], rest);
  return copy;
}
