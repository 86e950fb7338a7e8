import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { AppOptions, Credential } from 'firebase-admin/app';

/** What FCM_TEST_RECEIVER_URL and its companions resolve to. */
export interface FcmTestReceiver {
  url: URL;
  /** The receiver's certificate (PEM), the only one trusted. */
  ca: string;
  accessToken: string;
  connections: number;
}

/**
 * Tests only. firebase-admin has no endpoint setting and always addresses
 * fcm.googleapis.com; this wiring makes it reach an FCM v1-compatible
 * receiver on loopback instead: a credential handing out the test's access
 * token, and an https agent whose connections go to the receiver, its
 * certificate checked against the receiver's address. Only the HTTP/1.1
 * transport uses the agent (messaging.enableLegacyHttpTransport(), done by
 * the caller). The config schema refuses these settings in production.
 */
export function testReceiverAppOptions(receiver: FcmTestReceiver): AppOptions {
  const host = receiver.url.hostname;
  const port = Number(receiver.url.port);
  const credential: Credential = {
    getAccessToken: () => Promise.resolve({ access_token: receiver.accessToken, expires_in: 3600 }),
  };
  return { credential, httpAgent: new LoopbackAgent(host, port, receiver.ca, receiver.connections) };
}

class LoopbackAgent extends https.Agent {
  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly ca: string,
    connections: number,
  ) {
    super({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: 'lifo' });
  }

  /** The agent uses the socket returned here (its callback form is not needed). */
  override createConnection(options: tls.ConnectionOptions): Duplex {
    return tls.connect({
      ...options,
      host: this.host,
      port: this.port,
      servername: undefined,
      ca: this.ca,
      checkServerIdentity: (_hostname, certificate) => tls.checkServerIdentity(this.host, certificate),
    });
  }
}
