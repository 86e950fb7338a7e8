import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

/** Where twitter-api-v2 sends every v2 request. */
export const X_LIBRARY_V2_PREFIX = 'https://api.x.com/2/';

/**
 * The client's request hook: sends v2 requests to the configured base
 * (a loopback receiver in tests) instead of api.x.com, and bounds each
 * request's time. The OAuth 1.0a signature is computed after the hook, on
 * the URL really requested, so a receiver can verify it.
 */
export function xRequestPlugin(options: { baseUrl: string; timeoutMs: number }): ITwitterApiClientPlugin {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  return {
    onBeforeRequestConfig({ params }) {
      if (base !== X_LIBRARY_V2_PREFIX && params.url.startsWith(X_LIBRARY_V2_PREFIX)) {
        params.url = base + params.url.slice(X_LIBRARY_V2_PREFIX.length);
      }
      params.timeout ??= options.timeoutMs;
    },
  };
}
