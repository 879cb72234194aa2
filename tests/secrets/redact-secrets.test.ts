import { describe, expect, it } from 'vitest';
import { compileRedactPattern, findSecrets, patternError, redactSecrets, SECRET_MASK } from '../../src/secrets/redact-secrets.ts';
import { redactCast, castSecrets } from '../../src/casts/redact-cast.ts';
import { rewriteStream } from '../../src/casts/rewrite-stream.ts';
import { redactLesson } from '../../src/secrets/redact-lesson.ts';
import { parseLesson } from '../../src/parse/parse-lesson.ts';
import { lessonCommands } from '../../src/types.ts';
import type { Cast } from '../../src/casts/types.ts';

const M = SECRET_MASK;
// Fake credentials in each provider's documented shape (none is real).
const GHP = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLWlzLW5vdC1yZWFsLWF0LWFsbA';

describe('redactSecrets: each built-in pattern', () => {
  const cases: [string, string, string][] = [
    ['AWS access key id', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', `aws_access_key_id = AKIA${M}`],
    ['AWS secret access key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `aws_secret_access_key = ${M}`],
    ['AWS secret in env', 'export AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', `export AWS_SECRET_ACCESS_KEY="${M}"`],
    ['GitHub classic token', `token: ${GHP}`, `token: ${M}`],
    ['GitHub token alone', `echo ${GHP} done`, `echo ghp_${M} done`],
    ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV', `github_pat_${M}`],
    ['GitLab token', 'glpat-Ab1Cd2Ef3Gh4Ij5Kl6Mn', `glpat-${M}`],
    ['Slack bot token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', `xoxb-${M}`],
    ['OpenAI key', 'OPENAI_API_KEY=sk-proj-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv', `OPENAI_API_KEY=sk-${M}`],
    ['Stripe secret key', 'sk_live_51Hab1Cd2Ef3Gh4Ij5Kl6', `sk_live_${M}`],
    ['Google API key', 'key=AIzaSyA-1234567890abcdefghijklmnopqrstu', `key=AIza${M}`],
    ['npm token', 'npm_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2', `npm_${M}`],
    ['JWT', `kubectl create token default\n${JWT}`, `kubectl create token default\neyJ${M}`],
    ['Authorization: Bearer', `curl -H "Authorization: Bearer ${JWT}" https://api`, `curl -H "Authorization: Bearer ${M}" https://api`],
    ['Authorization: Basic', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', `Authorization: Basic ${M}`],
    ['bearer token', 'Bearer abcdefghijklmnop1234', `Bearer ${M}`],
    ['kubeconfig client-key-data', '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=', `    client-key-data: ${M}`],
    ['kubeconfig client-certificate-data', '    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==', `    client-certificate-data: ${M}`],
    ['kubeconfig token', '    token: 6f1e2d3c4b5a69788796a5b4c3d2e1f0', `    token: ${M}`],
    ['password in a URL', 'git clone https://alice:s3cr3t-pw@git.example.com/repo.git', `git clone https://alice:${M}@git.example.com/repo.git`],
    ['password in a redis URL', 'redis://:hunter22@10.0.0.5:6379/0', `redis://:hunter22@10.0.0.5:6379/0`.replace(':hunter22@', `:${M}@`)],
    ['GCP private key id', '"private_key_id": "0123456789abcdef0123456789abcdef01234567",', `"private_key_id": "${M}",`],
  ];
  for (const [name, text, masked] of cases)
    it(name, () => {
      expect(redactSecrets(text)).toBe(masked);
      expect(findSecrets(text).length).toBeGreaterThan(0);
    });

  it('a PEM private key block keeps its armour and line count; the body is masked line by line', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAx4UbaDzY\nu2k9wA7rLpZ8wq==\n-----END RSA PRIVATE KEY-----';
    expect(redactSecrets(`key:\n${pem}\nnext`)).toBe(`key:\n-----BEGIN RSA PRIVATE KEY-----\n${M}\n${M}\n-----END RSA PRIVATE KEY-----\nnext`);
    expect(findSecrets(pem)).toHaveLength(1); // one finding per block, not per line
  });

  it('a GCP service account key file: the private key with JSON-escaped line breaks', () => {
    const json = '"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEF\\nAASCBKcwggSjAgEAAoIBAQC7==\\n-----END PRIVATE KEY-----\\n",';
    expect(redactSecrets(json)).toBe(`"private_key": "-----BEGIN PRIVATE KEY-----\\n${M}\\n${M}\\n-----END PRIVATE KEY-----\\n",`);
  });

  it('an OpenSSH key cut short before its END line (terminal output, CRLF) is masked all the same', () => {
    expect(redactSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\r\nAAAAEbm9uZQAAAAAAAAAB\r\n$ ')).toBe(`-----BEGIN OPENSSH PRIVATE KEY-----\r\n${M}\r\n${M}\r\n$ `);
  });

  it('leaves ordinary lesson output alone', () => {
    for (const text of [
      'NAME         READY   STATUS    RESTARTS   AGE   IP           NODE',
      'pod-centos   1/1     Running   0          40s   10.244.0.8   minikube',
      'curl http://10.244.0.7:8080/index.html', 'git@github.com:org/repo.git', 'token: null', 'Authorization: none',
      'sk-short', 'ghp_tooshort', 'kubectl exec -it pod-centos -- /bin/bash', 'https://example.com/a:b@c', 'AKIA lowercase akiaiosfodnn7example',
      `token: ${M}`, `https://u:${M}@h`, // a mask is not a secret: masking twice changes nothing
    ]) {
      expect(redactSecrets(text), text).toBe(text);
      expect(findSecrets(text), text).toEqual([]);
    }
  });

  it("a course's own patterns: the whole match, or its first group; /flags/ form; bad ones are caught by the schema check", () => {
    const whole = compileRedactPattern('ACME-[A-Z0-9]{8}');
    const group = compileRedactPattern('/internal-key=(\\w+)/i');
    expect(redactSecrets('id ACME-ABCD1234 and INTERNAL-KEY=s3cret', [whole, group])).toBe(`id ${M} and INTERNAL-KEY=${M}`);
    expect(patternError('ACME-[')).toMatch(/Unterminated character class|Invalid regular expression/);
    expect(patternError('x*')).toBe('it matches the empty text');
    expect(patternError('ACME-[A-Z]+')).toBeNull();
  });
});

describe('masking a stream in pieces', () => {
  it('rewriteStream puts each replacement where its span starts and takes the span out of every piece it covers', () => {
    expect(rewriteStream(['abc', 'def', 'ghi'], [[1, 2], [2, 7]], () => 'X')).toEqual(['aXX', '', 'hi']);
    expect(rewriteStream(['abc', '', 'def'], [[3, 4]], () => 'X')).toEqual(['abc', '', 'Xef']);
    expect(rewriteStream(['abcdef'], [[1, 2], [3, 4]], () => 'X')).toEqual(['aXcXef']);
    expect(rewriteStream(['ab', 'cd'], [], () => 'X')).toEqual(['ab', 'cd']);
  });

  it('redactCast masks a token split over two output events, the header command and a marker; the times stay', () => {
    const half = GHP.length / 2;
    const cast: Cast = {
      version: 2, cols: 80, rows: 24, command: `echo ${GHP}`, duration: 1,
      events: [
        { time: 0.1, code: 'o', data: `$ echo ${GHP}\r\n` },
        { time: 0.5, code: 'o', data: GHP.slice(0, half) },
        { time: 0.6, code: 'o', data: GHP.slice(half) + '\r\n' },
        { time: 0.7, code: 'm', data: `saw ${GHP}` },
        { time: 1, code: 'x', data: '0' },
      ],
    };
    const masked = redactCast(cast);
    const text = JSON.stringify(masked);
    expect(text).not.toContain(GHP.slice(4, 20));
    expect(masked.command).toBe(`echo ghp_${M}`);
    expect(masked.events.map((e) => e.time)).toEqual([0.1, 0.5, 0.6, 0.7, 1]);
    expect(masked.events.filter((e) => e.code === 'o').map((e) => e.data).join('')).toBe(`$ echo ghp_${M}\r\nghp_${M}\r\n`);
    expect(castSecrets(cast).map((s) => [s.name, s.time])).toEqual([['GitHub token', 0], ['GitHub token', 0.1], ['GitHub token', 0.5]]);
    expect(redactCast(masked)).toBe(masked); // nothing left: the same object
  });
});

describe('redactLesson: the IR that deck, video, site, inspect and timeline read', () => {
  it('masks commands, written output, popups, code blocks and notes; ids, positions and a secret-free lesson stay as they are', () => {
    const source = `# T\n\nTODO: rotate ${GHP}\n\nWe log in.\n\n\`\`\`bash\n$ export GITHUB_TOKEN=${GHP}\n$ gh auth status\nToken: ${GHP}\n\`\`\`\n\n\`\`\`popup\nUse ${GHP}\n\`\`\`\n`;
    const lesson = parseLesson(source, { file: 't.md', slug: 't' });
    const masked = redactLesson(lesson, source);
    expect(JSON.stringify(masked)).not.toContain(GHP.slice(4));
    const [c1, c2] = lessonCommands(masked);
    expect(c1.command).toBe(`export GITHUB_TOKEN=ghp_${M}`);
    expect(c2.output).toEqual([`Token: ghp_${M}`]);
    expect(c1.pos).toEqual(lessonCommands(lesson)[0].pos);
    expect(c1.id).toBe('cmd-1');
    const clean = parseLesson('# T\n\nNothing secret.\n', { file: 't.md', slug: 't' });
    expect(redactLesson(clean, '# T\n\nNothing secret.\n')).toBe(clean);
  });
});

describe('config: redact and check.ignore are checked like every key', () => {
  it('a pattern that does not compile, or matches nothing but the empty text, is an invalid-config error at its line', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli } = await import('../cli/run-cli.ts');
    const root = mkdtempSync(join(tmpdir(), 'lc-redact-config-'));
    try {
      mkdirSync(join(root, 'transcripts'));
      writeFileSync(join(root, 'transcripts', 'a.md'), '# A\n\nHello.\n');
      writeFileSync(join(root, 'lessoncast.config.mjs'), "export default {\n  redact: ['ACME-[A-Z]{8}', 'ACME-['],\n  check: { ignore: ['x*'] },\n};\n");
      const r = await runCli(['lint', '--root', root]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/lessoncast\.config\.mjs:2:\d+ error invalid-config config `redact\.1`.*"ACME-\[" is not a usable regular expression/);
      expect(r.stdout).toMatch(/lessoncast\.config\.mjs:3:\d+ error invalid-config config `check\.ignore\.0`.*"x\*" is not a usable regular expression: it matches the empty text/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
