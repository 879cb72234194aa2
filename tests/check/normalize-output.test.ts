import { describe, expect, it } from 'vitest';
import { normalizeLine, normalizeOutput } from '../../src/check/normalize-output.ts';
import { compareOutput, mergedOutput, trimBlankLines } from '../../src/check/compare-output.ts';
import { compileRedactPattern } from '../../src/secrets/redact-secrets.ts';

describe('normalizeLine: what may change between two runs', () => {
  const cases: [string, string, string][] = [
    // kubectl tables: ages, IPs, generated names; compared by cells, so widths do not matter
    ['kubectl header', 'NAME                     READY   STATUS    RESTARTS      AGE', 'NAME READY STATUS RESTARTS AGE'],
    ['deployment pod, restarts with an age, age', 'nginx-7d4b9c8f5-x2lqp    1/1     Running   2 (5m ago)    5m3s', 'nginx-<hash>-<id> 1/1 Running 2 (<age> ago) <age>'],
    ['days', 'pod-centos   1/1   Running   0   2d', 'pod-centos 1/1 Running 0 <age>'],
    ['hours and minutes', 'web-0   1/1   Running   0   3h12m', 'web-0 1/1 Running 0 <age>'],
    ['clock skew', 'kube-proxy-x2lqp 1/1 Running 0 <invalid>', 'kube-proxy-<id> 1/1 Running 0 <age>'],
    ['ReplicaSet', 'nginx-7d4b9c8f5   3   3   3   5m', 'nginx-<hash> 3 3 3 <age>'],
    ['coredns pod', 'coredns-5d78c9869d-4fkmx', 'coredns-<hash>-<id>'],
    ['pod IP and node', '10.244.0.7   kind-control-plane', '<ip> kind-control-plane'],
    ['NodePort chosen by Kubernetes', 'svc   NodePort   10.96.12.3   <none>   80:31234/TCP   12s', 'svc NodePort <ip> <none> 80:<port>/TCP <age>'],
    ['a fixed port stays', 'svc   ClusterIP   10.96.0.1   <none>   443/TCP', 'svc ClusterIP <ip> <none> 443/TCP'],
    ['uid', '  uid: 3f1c2a4b-9d8e-4f7a-b6c5-1a2b3c4d5e6f', '  uid: <uid>'],
    ['resourceVersion (YAML)', '  resourceVersion: "123456"', '  resourceVersion: "<n>"'],
    ['resourceVersion (JSON)', '"resourceVersion": "98765",', '"resourceVersion": "<n>",'],
    // dates and times
    ['ISO date-time', 'creationTimestamp: "2024-01-02T15:04:05Z"', 'creationTimestamp: "<date>"'],
    ['ISO with fraction and offset', 'at 2024-01-02T15:04:05.123+01:00 ok', 'at <date> ok'],
    ['date', 'released 2024-01-02', 'released <date>'],
    ['Unix date', 'Mon Jan  2 15:04:05 UTC 2006', '<date>'],
    ['Go ANSIC', 'Mon Jan  2 15:04:05 2006', '<date>'],
    ['HTTP date', 'Date: Mon, 02 Jan 2006 15:04:05 GMT', 'Date: <date>'],
    ['common log', '127.0.0.1 - - [02/Jan/2024 10:00:00] "GET / HTTP/1.1" 200 -', '<ip> - - [<date>] "GET / HTTP/1.1" 200 -'],
    ['ls -l', '-rw-r--r-- 1 root root  120 Jan  2 15:04 big.bin', '-rw-r--r-- 1 root root 120 <date> big.bin'],
    ['a time', 'started at 09:41:07.25', 'started at <time>'],
    ['durations', 'real\t0m0.003s', 'real <age>'],
    ['ping time', '64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms', '64 bytes from <ip>: icmp_seq=1 ttl=64 time=<age>'],
    // addresses
    ['ss: an ephemeral port the OS chose, a fixed one', 'ESTAB 0 0 127.0.0.1:43817 127.0.0.1:8000', 'ESTAB 0 0 <ip>:<port> <ip>:8000'],
    ['ss: listening', 'LISTEN 0      5        127.0.0.1:8000      0.0.0.0:*', 'LISTEN 0 5 <ip>:8000 <ip>:*'],
    ['IPv6 any', 'tcp LISTEN 0 4096 [::]:8000 [::]:*', 'tcp LISTEN 0 4096 [<ip>]:8000 [<ip>]:*'],
    ['IPv6 link-local', 'inet6 fe80::42:acff:fe11:2/64 scope link', 'inet6 <ip>/64 scope link'],
    ['IPv6 loopback', 'inet6 ::1/128 scope host', 'inet6 <ip>/128 scope host'],
    ['IPv6 full', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '<ip>'],
    ['MAC', 'link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff', 'link/ether <mac> brd <mac>'],
    ['python http.server', 'Serving HTTP on :: port 8000 (http://[::]:8000/) ...', 'Serving HTTP on <ip> port 8000 (http://[<ip>]:8000/) ...'],
    // ids
    ['git short hash', '3f2a9c1 Initial commit', '<hash> Initial commit'],
    ['image digest', 'sha256:9b2a1c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f', 'sha256:<hash>'],
    // what stays
    ['versions and words', 'version 1.2.3 and k8s and v1.29.2 and port 8080', 'version 1.2.3 and k8s and v1.29.2 and port 8080'],
    ['a word of consonants is not a hash', 'deadbeef facade 1234567', 'deadbeef facade 1234567'],
    ['indentation kept', '    name: web', '    name: web'],
  ];
  for (const [name, line, want] of cases) it(name, () => expect(normalizeLine(line)).toBe(want));

  it("the course's check.ignore patterns come first", () => {
    const ignore = [compileRedactPattern('build [0-9]+').re];
    expect(normalizeLine('Server: demo build 4711 ready', { ignore })).toBe('Server: demo <ignored> ready');
  });

  it('normalizeOutput drops blank lines at both ends and CRs', () => {
    expect(normalizeOutput(['', 'a  b\r', '', 'c   ', ''])).toEqual(['a b', '', 'c']);
    expect(trimBlankLines(['  ', 'x', ''])).toEqual(['x']);
  });
});

describe('compareOutput and mergedOutput', () => {
  const written = ['NAME          READY   STATUS    RESTARTS   AGE', 'web-7d4b9c8f5-x2lqp   1/1     Running   0          5m', 'db-0          1/1     Running   0          5m'];

  it('outputs that differ only in volatile parts and widths are the same', () => {
    const real = ['NAME                   READY   STATUS    RESTARTS   AGE', 'web-5c6d8b9f7-q9zkd     1/1     Running   0          12s', 'db-0                   1/1     Running   0          3d'];
    expect(compareOutput(written, real)).toEqual({ same: true, diff: '', firstDifference: null });
  });

  it('a real change: a unified diff with the lines as written and as printed', () => {
    const real = ['NAME   READY   STATUS             RESTARTS   AGE', 'web-5c6d8b9f7-q9zkd   0/1     CrashLoopBackOff   4          12s', 'db-0   1/1     Running   0   3d'];
    const cmp = compareOutput(written, real, { labels: ['t.md:3 (written)', 'real output'] });
    expect(cmp.same).toBe(false);
    expect(cmp.diff.split('\n')).toEqual([
      '--- t.md:3 (written)', '+++ real output', '@@ -1,3 +1,3 @@',
      ' NAME          READY   STATUS    RESTARTS   AGE',
      '-web-7d4b9c8f5-x2lqp   1/1     Running   0          5m',
      '+web-5c6d8b9f7-q9zkd   0/1     CrashLoopBackOff   4          12s',
      ' db-0          1/1     Running   0          5m',
    ]);
    expect(cmp.firstDifference).toEqual({ written: 'web-<hash>-<id> 1/1 Running 0 <age>', real: 'web-<hash>-<id> 0/1 CrashLoopBackOff 4 <age>' });
  });

  it('a missing and an extra line', () => {
    expect(compareOutput(['a', 'b'], ['a']).diff).toContain('\n-b');
    expect(compareOutput(['a'], ['a', 'c']).diff).toContain('\n+c');
    expect(compareOutput([], []).same).toBe(true);
  });

  it('mergedOutput keeps the written lines that say the same and takes the real ones that differ', () => {
    const real = ['NAME   READY   STATUS   RESTARTS   AGE', 'web-5c6d8b9f7-q9zkd   0/1   Error   1   2s', 'db-0   1/1   Running   0   9d', 'cache-0   1/1   Running   0   1s'];
    expect(mergedOutput(written, real)).toEqual([written[0], real[1], written[2], real[3]]);
  });
});
