/**
 * `secret`: a credential in the script or in a recording (docs/security.md, "Secrets"). Everything
 * lessoncast publishes masks it, but the file itself (and the repository it is in) still holds it.
 */
import type { Diagnostic } from '../../types.ts';
import { findSecrets, type SecretPattern } from '../../secrets/redact-secrets.ts';
import { lineColumn, sourceText } from '../../parse/source-text.ts';
import type { RecordingSecrets } from '../../casts/match-casts.ts';

const HINT_SCRIPT = 'delete it (and revoke it if it is real); a set-up block can read one from the environment: export TOKEN="$MY_TOKEN"';
const HINT_RECORDING = 'record it again (lessoncast record masks secrets as it writes casts), or delete the file';

/** One finding per secret in the script (at its line and column) and per recording that holds some. */
export function secretRule(file: string, source: string, recordings: RecordingSecrets[], extra: readonly SecretPattern[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  const src = sourceText(source);
  for (const f of findSecrets(src.text, extra)) {
    const { line, column } = lineColumn(src, f.start);
    out.push({ code: 'secret', severity: 'error', file, line, column, message: `a${/^[aeiou]/i.test(f.name) ? 'n' : ''} ${f.name} in the script: masked in every output, but the script holds it`, hint: HINT_SCRIPT });
  }
  for (const r of recordings) {
    const names = [...new Set(r.found.map((f) => f.name))];
    const times = r.found.slice(0, 3).map((f) => `${f.time.toFixed(2)} s`).join(', ');
    out.push({ code: 'secret', severity: 'error', file: r.file, line: 1, column: 1,
      message: `the recording holds ${r.found.length === 1 ? 'a secret' : `${r.found.length} secrets`} (${names.join(', ')}, at ${times}${r.found.length > 3 ? ', …' : ''}): masked in every output, but the file holds ${r.found.length === 1 ? 'it' : 'them'}`,
      hint: HINT_RECORDING });
  }
  return out;
}
