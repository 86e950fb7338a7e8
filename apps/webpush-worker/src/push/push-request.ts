import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface PushResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The start of the response body (push services explain refusals there). */
  body: string;
}

const BODY_KEPT = 512;

/** One POST to a push endpoint over the given agent; rejects on network errors and the timeout only. */
export function postPush(
  endpoint: URL,
  headers: Record<string, string | number>,
  body: Buffer,
  agent: https.Agent,
  timeoutMs: number,
): Promise<PushResponse> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        protocol: endpoint.protocol,
        hostname: endpoint.hostname.startsWith('[') ? endpoint.hostname.slice(1, -1) : endpoint.hostname,
        port: endpoint.port,
        path: `${endpoint.pathname}${endpoint.search}`,
        method: 'POST',
        headers,
        agent,
        timeout: timeoutMs,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < BODY_KEPT) text += chunk;
        });
        response.on('end', () =>
          resolve({
            statusCode: response.statusCode ?? 0,
            headers: response.headers,
            body: text.slice(0, BODY_KEPT),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(Object.assign(new Error('push request timed out'), { code: 'ETIMEDOUT' })),
    );
    request.on('error', reject);
    request.end(body);
  });
}
