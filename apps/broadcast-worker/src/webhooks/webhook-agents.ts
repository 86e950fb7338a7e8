import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPublicAddress, publicOnlyLookup } from '@childalert/audience';

export interface WebhookAgentOptions {
  /** Keep-alive sockets per receiver origin. */
  connectionsPerOrigin: number;
  /** Extra trusted CAs (PEM): a test receiver's self-signed certificate. */
  ca?: string;
  /** Connect to loopback and private addresses, and over plain http (tests, local demos). */
  allowPrivateAddresses: boolean;
}

/**
 * One keep-alive agent per receiver origin, so a slow newsroom cannot take
 * every socket. Webhook URLs are registered by people: unless allowed,
 * connections to non-public addresses are refused at connect time, after
 * DNS, so a public name pointing inside is caught too (the registration
 * check alone could be dodged by changing the DNS record later).
 */
export class WebhookAgents {
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly options: WebhookAgentOptions) {}

  agentFor(url: URL): http.Agent {
    let agent = this.agents.get(url.origin);
    if (agent === undefined) {
      const common = {
        keepAlive: true,
        maxSockets: this.options.connectionsPerOrigin,
        maxFreeSockets: this.options.connectionsPerOrigin,
        scheduling: 'lifo' as const,
        ...(this.options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
      };
      agent =
        url.protocol === 'https:'
          ? new https.Agent({ ...common, ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}) })
          : new http.Agent(common);
      this.agents.set(url.origin, agent);
    }
    return agent;
  }

  /** Why this URL may not be contacted at all (scheme, an IP literal that is not public), or undefined. */
  refusal(url: URL): string | undefined {
    if (this.options.allowPrivateAddresses) {
      return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : `scheme ${url.protocol}`;
    }
    if (url.protocol !== 'https:') return `not https: ${url.origin}`;
    const literal = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (isIP(literal) !== 0 && !isPublicAddress(literal)) return `not a public address: ${literal}`;
    return undefined;
  }

  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
