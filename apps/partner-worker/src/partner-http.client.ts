import http from 'node:http';
import https from 'node:https';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { endpointProblem, publicOnlyLookup } from '@childalert/audience';
import { retryAfterMsOf } from '@childalert/delivery';
import { PARTNER_SETTINGS, type PartnerSettings } from './partner.settings';

export type PartnerPostResult =
  | { kind: 'answered'; status: number; retryAfterMs?: number; body: string }
  | { kind: 'unreachable'; reason: string };

/**
 * POSTs signed CAP bytes to a partner's endpoint, unchanged. The URL was
 * checked at registration; at connect time the address is checked again
 * (DNS may have moved), unless ALLOW_PRIVATE_ENDPOINTS (tests, demos).
 */
@Injectable()
export class PartnerHttpClient implements OnModuleDestroy {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;

  constructor(@Inject(PARTNER_SETTINGS) private readonly settings: PartnerSettings) {
    // Connect-time check: the address DNS gives now, not the one at registration.
    const lookup = settings.allowPrivateEndpoints ? undefined : publicOnlyLookup;
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 16,
      ...(lookup ? { lookup } : {}),
      ...(settings.ca ? { ca: settings.ca } : {}),
    });
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16, ...(lookup ? { lookup } : {}) });
  }

  post(url: string, body: string, headers: Record<string, string>): Promise<PartnerPostResult> {
    const problem = endpointProblem(
      url,
      { allowPrivateEndpoints: this.settings.allowPrivateEndpoints },
      'inboundUrl',
    );
    if (problem !== undefined) return Promise.resolve({ kind: 'unreachable', reason: problem });
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const bytes = Buffer.from(body, 'utf8');
    return new Promise((resolve) => {
      const request = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          timeout: this.settings.timeoutMs,
          headers: { ...headers, 'Content-Length': String(bytes.length) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => {
            if (chunks.length < 64) chunks.push(chunk);
          });
          response.on('end', () => {
            const retryAfterMs = retryAfterMsOf(response.headers['retry-after']);
            resolve({
              kind: 'answered',
              status: response.statusCode ?? 0,
              ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
              body: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
            });
          });
          response.on('error', (error) => resolve({ kind: 'unreachable', reason: error.message }));
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer in ${this.settings.timeoutMs} ms`)));
      request.on('error', (error) => resolve({ kind: 'unreachable', reason: error.message }));
      request.end(bytes);
    });
  }

  onModuleDestroy(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
