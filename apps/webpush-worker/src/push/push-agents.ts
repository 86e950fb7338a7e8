import https from 'node:https';
import { isIP } from 'node:net';
import { isPublicAddress, publicOnlyLookup } from '@childalert/audience';

export interface PushAgentOptions {
  /** Keep-alive sockets per push-service origin; requests beyond them queue in the agent. */
  connectionsPerOrigin: number;
  /** Extra trusted CAs (PEM), e.g. a test receiver's self-signed certificate. */
  ca?: string;
  /** Connect to loopback and private addresses too (tests, local demos). */
  allowPrivateAddresses: boolean;
}

/**
 * One keep-alive https agent per push-service origin, so that TLS handshakes
 * happen once per connection, not per message, and one slow push service
 * cannot take every socket. Subscribers' endpoints are registered by the
 * public: unless allowed, connections to non-public addresses are refused at
 * connect time (after DNS, so a name pointing inside is caught too).
 */
export class PushAgents {
  private readonly agents = new Map<string, https.Agent>();

  constructor(private readonly options: PushAgentOptions) {}

  agentFor(origin: string): https.Agent {
    let agent = this.agents.get(origin);
    if (agent === undefined) {
      agent = new https.Agent({
        keepAlive: true,
        maxSockets: this.options.connectionsPerOrigin,
        maxFreeSockets: this.options.connectionsPerOrigin,
        scheduling: 'lifo',
        ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
        ...(this.options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
      });
      this.agents.set(origin, agent);
    }
    return agent;
  }

  /** Whether the endpoint's host may be contacted at all (an IP literal is never looked up). */
  addressAllowed(hostname: string): boolean {
    if (this.options.allowPrivateAddresses) return true;
    const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    return isIP(literal) === 0 || isPublicAddress(literal);
  }

  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
