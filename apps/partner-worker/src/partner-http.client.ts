import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { endpointProblem, isPublicAddress } from '@childalert/audience';
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
    const lookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, options, (error, address, family) => {
        if (error) return callback(error, address, family);
        const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
        if (!settings.allowPrivateEndpoints && addresses.some((a) => isIP(a) !== 0 && !isPublicAddress(a)))
          return callback(new Error(`${hostname} resolves to a non-public address`), address, family);
        callback(null, address, family);
      });
    };
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 16,
      lookup,
      ...(settings.ca ? { ca: settings.ca } : {}),
    });
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16, lookup });
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
            const retryAfter = Number(response.headers['retry-after']);
            resolve({
              kind: 'answered',
              status: response.statusCode ?? 0,
              ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
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
