import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { parseCap, verifyCapSignature } from '@childalert/cap';
import { Arrivals } from '../../support/arrivals';

/** One POST as a partner system received it. */
export interface PartnerArrival {
  /** The partner's country (its path: /<CC>/inbound). */
  country: string;
  identifier: string;
  msgType: string;
  /** Whether the enveloped signature verified against the sender's certificate. */
  signatureValid: boolean;
  apiKeyValid: boolean;
  /** The status answered: 200 the first time an identifier arrives, 200 again for a repeat. */
  repeat: boolean;
}

/**
 * Partner systems' inbound endpoints on one loopback HTTPS server (a
 * certificate the test made), one path per country: each checks the API key
 * we were given, verifies the signature against our certificate, and counts
 * messages by CAP identifier, as a real receiver recognises a repeat.
 * `stop()` closes the port (the partner is down), `start()` reopens it.
 */
export class PartnerReceiver {
  arrivals = new Arrivals<PartnerArrival>('partner receiver');
  /** Accepted messages per `<country> <identifier>`. */
  readonly counts = new Map<string, number>();
  /** Holds each answer this long (a slow partner), to keep a fan-out running. */
  delayMs = 0;
  /** Verify signatures (on by default; the bench measures with it on too). */
  verify = true;
  port = 0;
  private server: https.Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly tls: { key: string; cert: string },
    private readonly senderCertificatePem: string,
    private readonly apiKeys: Record<string, string>,
  ) {}

  url(country: string): string {
    return `https://127.0.0.1:${this.port}/${country}/inbound`;
  }

  async start(): Promise<this> {
    const server = https.createServer({ key: this.tls.key, cert: this.tls.cert }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const country = /^\/([A-Z]{2})\/inbound$/.exec(request.url ?? '')?.[1];
        const answer = (status: number, body = '') =>
          setTimeout(() => response.writeHead(status).end(body), this.delayMs);
        if (request.method !== 'POST' || country === undefined) return answer(404);
        const xml = Buffer.concat(chunks).toString('utf8');
        const apiKeyValid = request.headers['x-api-key'] === this.apiKeys[country];
        const signatureValid = this.verify ? verifyCapSignature(xml, this.senderCertificatePem).valid : true;
        const cap = parseCap(xml);
        const key = `${country} ${cap.identifier}`;
        const repeat = this.counts.has(key);
        if (apiKeyValid && signatureValid) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        this.arrivals.add({
          country,
          identifier: cap.identifier,
          msgType: cap.msgType,
          signatureValid,
          apiKeyValid,
          repeat,
        });
        if (!apiKeyValid) return answer(401, 'bad API key');
        if (!signatureValid) return answer(400, 'signature does not verify');
        answer(200);
      });
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** The partner goes down: the port refuses connections, open ones are cut. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Forgets what arrived (a new scenario on the same endpoints). */
  reset(): void {
    this.arrivals = new Arrivals<PartnerArrival>('partner receiver');
    this.counts.clear();
  }

  /** How many times the partner accepted the message (a repeat included). */
  accepted(country: string, identifier: string): number {
    return this.counts.get(`${country} ${identifier}`) ?? 0;
  }
}
