import { publicOnlyLookup } from '@childalert/audience';
import { type PushAgentOptions, PushAgents } from './push-agents';
import { Http2PushSessions } from './push-http2';
import { postPush, type PushResponse } from './push-request';

export interface PushTransportOptions extends PushAgentOptions {
  /** Try HTTP/2 first (ALPN); off: keep-alive HTTP/1.1 agents only. */
  http2: boolean;
  timeoutMs: number;
}

/**
 * How a message reaches a push service: a stream of the origin's HTTP/2
 * session when the service speaks it (all the big ones do), a keep-alive
 * HTTP/1.1 agent otherwise. Which one an origin speaks is learnt at its first
 * connection and remembered.
 */
export class PushTransport {
  private readonly agents: PushAgents;
  private readonly sessions: Http2PushSessions;
  private readonly http1Origins = new Set<string>();

  constructor(private readonly options: PushTransportOptions) {
    this.agents = new PushAgents(options);
    this.sessions = new Http2PushSessions({
      connectTimeoutMs: options.timeoutMs,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
    });
  }

  /** Whether the endpoint's host may be contacted at all (an IP literal is never looked up). */
  addressAllowed(hostname: string): boolean {
    return this.agents.addressAllowed(hostname);
  }

  async post(endpoint: URL, headers: Record<string, string | number>, body: Buffer): Promise<PushResponse> {
    const origin = endpoint.origin;
    if (this.options.http2 && !this.http1Origins.has(origin)) {
      const connection = await this.sessions.connectionFor(origin);
      if ('session' in connection)
        return this.sessions.post(connection.session, endpoint, headers, body, this.options.timeoutMs);
      this.http1Origins.add(origin);
    }
    return postPush(endpoint, headers, body, this.agents.agentFor(origin), this.options.timeoutMs);
  }

  close(): void {
    this.sessions.close();
    this.agents.destroy();
  }
}
