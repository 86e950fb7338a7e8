import http from 'node:http';
import https from 'node:https';

export interface WebhookResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  /** The start of the answer: the receipt a broadcaster may explain itself in. */
  body: string;
}

const BODY_KEPT = 512;

/** One POST to a webhook URL over the given agent; rejects on network errors and the timeout only. */
export function postWebhook(
  url: URL,
  headers: Record<string, string | number>,
  body: Buffer,
  agent: http.Agent,
  timeoutMs: number,
): Promise<WebhookResponse> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
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
    outgoing.on('timeout', () =>
      outgoing.destroy(Object.assign(new Error('webhook request timed out'), { code: 'ETIMEDOUT' })),
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
