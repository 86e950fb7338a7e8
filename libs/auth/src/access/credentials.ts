/** The credential a request presents, read from its headers only (never the query string: URLs get logged). */
export type PresentedCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'api_key'; readonly key: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export const API_KEY_HEADER = 'x-api-key';

type Headers = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined | null {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : null;
  return value;
}

export function presentedCredential(headers: Headers): PresentedCredential {
  const authorization = single(headers.authorization);
  const apiKeyHeader = single(headers[API_KEY_HEADER]);
  if (authorization === null || apiKeyHeader === null) {
    return { kind: 'invalid', reason: 'repeated credential header' };
  }
  if (authorization !== undefined && apiKeyHeader !== undefined) {
    return { kind: 'invalid', reason: 'present one credential, not both Authorization and X-API-Key' };
  }
  if (apiKeyHeader !== undefined) {
    const key = apiKeyHeader.trim();
    return key.length > 0 ? { kind: 'api_key', key } : { kind: 'invalid', reason: 'empty X-API-Key header' };
  }
  if (authorization === undefined) return { kind: 'none' };
  const match = /^(\S+)\s+(\S+)\s*$/.exec(authorization.trim());
  if (!match) return { kind: 'invalid', reason: 'malformed Authorization header' };
  const [, scheme, value] = match as unknown as [string, string, string];
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return { kind: 'bearer', token: value };
    case 'apikey':
      return { kind: 'api_key', key: value };
    default:
      return { kind: 'invalid', reason: `unsupported Authorization scheme ${scheme.slice(0, 20)}` };
  }
}
