/**
 * The Host check of the local servers (`dev`, `present`): a request whose Host header is not the
 * address the server listens on (with its port), or the name given with `--host`, is refused with
 * 421. A page on another site that has its name rebound to 127.0.0.1 (DNS rebinding) sends its own
 * name as Host, so it can neither read the build nor call an endpoint (docs/security.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** True for an address or name that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = bare(host);
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** True for an address that listens on every interface (`0.0.0.0`, `::`). */
export function isWildcard(host: string): boolean {
  const h = bare(host);
  return h === '0.0.0.0' || h === '::' || h === '';
}

function bare(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** What to say about where a local server listens: nothing on loopback, a warning when the network can reach it. */
export function exposureWarning(host: string): string | null {
  if (isLoopback(host)) return null;
  if (isWildcard(host)) return `warning: listening on ${host} (every network interface): the build is visible to every machine on the network`;
  return `warning: listening on ${host}: other machines on the network can open the build`;
}

/** `name` as it appears in a Host header (IPv6 in brackets). */
function hostPart(name: string): string {
  const h = bare(name);
  return isIP(h) === 6 ? `[${h}]` : h;
}

/**
 * The Host header values a server on `host:port` answers to: `host` itself; for a loopback or
 * wildcard bind also localhost, 127.0.0.1 and [::1]; for a wildcard bind every address of this
 * machine's interfaces. Each with `:port` (and bare on port 80, as browsers send it).
 */
export function allowedHosts(host: string, port: number, interfaces: () => string[] = interfaceAddresses): Set<string> {
  const names = new Set<string>([hostPart(host)]);
  if (isLoopback(host) || isWildcard(host)) for (const n of ['localhost', '127.0.0.1', '[::1]']) names.add(n);
  if (isWildcard(host)) for (const a of interfaces()) names.add(hostPart(a));
  names.delete('');
  const out = new Set<string>();
  for (const n of names) {
    out.add(`${n}:${port}`);
    if (port === 80) out.add(n);
  }
  return out;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address.replace(/%.*$/, '')));
}

/** True when the request's Host header is one of `allowed` (case and a trailing dot ignored). */
export function hostAllowed(header: string | undefined, allowed: Set<string>): boolean {
  if (!header) return false;
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  if (!m) return false;
  const name = hostPart(m[1]);
  return allowed.has(m[2] !== undefined ? `${name}:${Number(m[2])}` : name);
}

/** Refuses the request with 421 when its Host is not allowed; true when it was refused. */
export function refuseForeignHost(req: IncomingMessage, res: ServerResponse, allowed: Set<string>): boolean {
  if (hostAllowed(req.headers.host, allowed)) return false;
  // The Host sent is not echoed: the page that sent it is not to be trusted with its own text back.
  res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(`Misdirected request: this lessoncast server answers to ${[...allowed][0]} only (the Host header names another site).\n` +
    'Open the address the server printed, or start it with --host <name> to serve under another name.\n');
  return true;
}
