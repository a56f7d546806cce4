import { lookup } from 'node:dns/promises';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { KefuError } from '../../../index';
import { blockedAddressRange } from './blocked-address';

/** The setting that lets kefu fetch media from internal hosts (named in errors). */
export const MEDIA_FETCH_ALLOW_HOSTS_ENV = 'KEFU_MEDIA_FETCH_ALLOW_HOSTS';

/**
 * A media URL's host resolves to an internal address (loopback, private, link-local …): kefu does not fetch from it,
 * so an operator's or a flow's URL cannot reach Redis admin pages, cloud metadata or other internal services.
 */
export class MediaHostBlockedError extends KefuError {
  constructor(
    /** The host (`name:port`) that was refused. */
    readonly host: string,
    /** The address it resolved to and why that address is refused. */
    readonly detail: string,
  ) {
    super(
      'MEDIA_HOST_BLOCKED',
      `Media host ${host} resolves to ${detail}; kefu does not fetch media from internal addresses.`,
      `use a public image host (a CDN); if ${host} is an internal host you trust, add it to ${MEDIA_FETCH_ALLOW_HOSTS_ENV} (e.g. '${host}').`,
    );
  }
}

/** One allow-list entry: a host name or address, with a port or for every port. */
interface AllowedHost {
  host: string;
  port?: string;
}

/**
 * Parses allow-list entries (`cdn.internal`, `10.0.0.5:8080`, `[fd00::1]:443`): lower-cased, IPv6 brackets dropped.
 *
 * @example
 * parseAllowHosts(['Img.Shop.Local', '127.0.0.1:8080']); // [{ host: 'img.shop.local' }, { host: '127.0.0.1', port: '8080' }]
 */
export function parseAllowHosts(entries: readonly string[]): AllowedHost[] {
  return entries
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map((e) => {
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(e);
      if (bracketed) return { host: bracketed[1]!, port: bracketed[2] };
      const hostPort = /^([^:]+):(\d+)$/.exec(e);
      return hostPort ? { host: hostPort[1]!, port: hostPort[2] } : { host: e };
    });
}

/** Problems of allow-list entries (for the configuration check), empty when all are valid. */
export function allowHostsProblems(entries: readonly string[]): string[] {
  return parseAllowHosts(entries)
    .filter(
      (e) => !/^[a-z0-9._-]+$|^[0-9a-f:.]+$/.test(e.host) || (e.port !== undefined && !(Number(e.port) > 0 && Number(e.port) < 65536)),
    )
    .map((e) => `'${e.host}${e.port ? `:${e.port}` : ''}' is not a host name or host:port`);
}

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * Checks one connection: the host is allowed, or every address it resolves to is public. Resolves to the address to
 * connect to (undefined: an allowed host, connect as usual).
 */
async function checkedAddress(
  allowed: readonly AllowedHost[],
  hostname: string,
  port: string,
  protocol: string,
): Promise<string | undefined> {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const effectivePort = port || DEFAULT_PORT[protocol] || '';
  if (allowed.some((a) => a.host === host && (a.port === undefined || a.port === effectivePort))) return undefined;
  const shown = `${host.includes(':') ? `[${host}]` : host}:${effectivePort}`;
  const addresses = await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new MediaHostBlockedError(shown, 'no address');
  for (const { address } of addresses) {
    const range = blockedAddressRange(address);
    if (range) throw new MediaHostBlockedError(shown, `${address} (${range})`);
  }
  return addresses[0]!.address;
}

/**
 * An HTTP dispatcher for fetching media from URLs operators or flows gave: before each connection (the first one
 * and every redirect hop) it resolves the host (all its addresses) and refuses internal ones with a
 * {@link MediaHostBlockedError}, then connects to the address it checked, so DNS cannot answer differently between
 * the check and the connection. Hosts in `allowHosts` (`name` or `name:port`) are fetched without the check.
 *
 * @example
 * const dispatcher = mediaFetchDispatcher(['img.shop.internal']);
 * await fetch(url, { dispatcher } as RequestInit); // a URL on 127.0.0.1 fails with cause MediaHostBlockedError
 */
export function mediaFetchDispatcher(allowHosts: readonly string[] = []): Dispatcher {
  const allowed = parseAllowHosts(allowHosts);
  const connect = buildConnector({});
  return new Agent({
    connect: (options, callback) => {
      checkedAddress(allowed, options.hostname, options.port, options.protocol).then(
        (address) =>
          connect(
            address === undefined
              ? options
              : // connect to the checked address; TLS still sends and verifies the name in `host` (undici's servername)
                { ...options, hostname: address },
            callback,
          ),
        (err: unknown) => callback(err as Error, null),
      );
    },
  });
}
