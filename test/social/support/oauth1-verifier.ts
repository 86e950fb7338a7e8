import { createHmac, timingSafeEqual } from 'node:crypto';

/** The OAuth 1.0a credentials of one account as X holds them. */
export interface OAuthAccount {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

/** RFC 3986 percent-encoding, as RFC 5849 §3.6 requires. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!*'()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `OAuth k="v", …` → the decoded parameters. */
export function parseOAuthHeader(header: string | undefined): Map<string, string> | undefined {
  if (header === undefined || !header.startsWith('OAuth ')) return undefined;
  const params = new Map<string, string>();
  for (const part of header.slice(6).split(',')) {
    const match = /^\s*([^=]+)="([^"]*)"\s*$/.exec(part);
    if (!match) return undefined;
    params.set(decodeURIComponent(match[1]), decodeURIComponent(match[2]));
  }
  return params;
}

/**
 * Checks an HMAC-SHA1 signature (RFC 5849 §3.4) over the method, the URL as
 * requested and the OAuth and query parameters (JSON and multipart bodies
 * are not signed). Returns the problem, or undefined when it is valid.
 */
export function oauthProblem(options: {
  method: string;
  url: URL;
  header: string | undefined;
  accounts: ReadonlyMap<string, OAuthAccount>;
  seenNonces: Set<string>;
  now?: number;
}): { problem: string } | { account: OAuthAccount } {
  const params = parseOAuthHeader(options.header);
  if (!params) return { problem: 'no OAuth Authorization header' };
  const token = params.get('oauth_token');
  const account = token === undefined ? undefined : options.accounts.get(token);
  if (!account) return { problem: `unknown oauth_token` };
  if (params.get('oauth_consumer_key') !== account.appKey) return { problem: 'wrong oauth_consumer_key' };
  if (params.get('oauth_signature_method') !== 'HMAC-SHA1') return { problem: 'not HMAC-SHA1' };
  if (params.get('oauth_version') !== '1.0') return { problem: 'oauth_version is not 1.0' };
  const timestamp = Number(params.get('oauth_timestamp'));
  if (!(Math.abs(timestamp - (options.now ?? Date.now()) / 1000) < 300))
    return { problem: 'stale oauth_timestamp' };
  const nonce = params.get('oauth_nonce') ?? '';
  if (nonce === '' || options.seenNonces.has(`${token}:${nonce}`))
    return { problem: 'oauth_nonce missing or reused' };
  options.seenNonces.add(`${token}:${nonce}`);

  const signed: [string, string][] = [];
  for (const [key, value] of params) if (key !== 'oauth_signature') signed.push([encode(key), encode(value)]);
  for (const [key, value] of options.url.searchParams) signed.push([encode(key), encode(value)]);
  signed.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
  const base = [
    options.method.toUpperCase(),
    encode(`${options.url.origin}${options.url.pathname}`),
    encode(signed.map(([key, value]) => `${key}=${value}`).join('&')),
  ].join('&');
  const expected = createHmac('sha1', `${encode(account.appSecret)}&${encode(account.accessSecret)}`)
    .update(base)
    .digest();
  const given = Buffer.from(params.get('oauth_signature') ?? '', 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { problem: 'bad oauth_signature' };
  return { account };
}
