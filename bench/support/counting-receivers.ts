// Loopback receivers for a national-scale fan-out that only count, so they
// are never the bottleneck and hold nothing per message: each recipient's
// number is in its endpoint, token or address, and a byte per recipient
// counts its deliveries (exactly once is checked, not assumed). Each still
// checks what a real provider would refuse: TLS with the test certificate,
// the push service's encoding, TTL and VAPID key, FCM's path, host and bearer
// token, the relay's envelope.
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { TestCertificate } from '../../test/webpush/support/test-certificate';

/** Deliveries per recipient number, first and last arrival, and what broke the protocol. */
export class Tally {
  readonly counts: Uint8Array;
  delivered = 0;
  firstAt = 0;
  lastAt = 0;
  violations = 0;
  lastViolation = '';

  constructor(readonly expected: number) {
    this.counts = new Uint8Array(expected);
  }

  count(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.expected) return this.violation(`#${index}`);
    if (this.counts[index] < 255) this.counts[index] += 1;
    this.delivered += 1;
    const now = Date.now();
    if (this.firstAt === 0) this.firstAt = now;
    this.lastAt = now;
    return true;
  }

  violation(what: string): false {
    this.violations += 1;
    this.lastViolation = what;
    return false;
  }

  /** Recipients reached once, more than once, never. */
  exactness(): { once: number; twice: number; missing: number } {
    let once = 0;
    let twice = 0;
    for (const count of this.counts) {
      if (count === 1) once += 1;
      else if (count > 1) twice += 1;
    }
    return { once, twice, missing: this.expected - once - twice };
  }

  get complete(): boolean {
    return this.exactness().missing === 0;
  }
}

/** A web push service (HTTP/2 and 1.1 over TLS): `POST /push/w<n>`, aes128gcm, a TTL, VAPID with our key. */
export class CountingPushService {
  origin = '';
  private server: http2.Http2SecureServer | undefined;

  constructor(
    private readonly certificate: TestCertificate,
    private readonly vapidPublicKey: string,
    readonly tally: Tally,
  ) {}

  endpoint(index: number): string {
    return `${this.origin}/push/w${index}`;
  }

  async start(): Promise<this> {
    this.server = http2.createSecureServer(
      {
        key: this.certificate.key,
        cert: this.certificate.cert,
        allowHTTP1: true,
        settings: { maxConcurrentStreams: 128 },
      },
      (request, response) => {
        let bytes = 0;
        request.on('data', (chunk: Buffer) => (bytes += chunk.length));
        request.on('end', () => {
          const index = /^\/push\/w(\d+)$/.exec(request.url ?? '')?.[1];
          const ok =
            request.method === 'POST' &&
            index !== undefined &&
            bytes > 0 &&
            bytes <= 4096 &&
            request.headers['content-encoding'] === 'aes128gcm' &&
            /^\d+$/.test(String(request.headers.ttl)) &&
            String(request.headers.authorization).startsWith('vapid t=') &&
            String(request.headers.authorization).endsWith(`k=${this.vapidPublicKey}`);
          if (!ok) {
            this.tally.violation(`${request.method} ${request.url} ${bytes} bytes`);
            response.writeHead(400);
            return response.end();
          }
          this.tally.count(Number(index));
          response.writeHead(201);
          response.end();
        });
      },
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** FCM HTTP v1 on loopback: the project's messages:send, host fcm.googleapis.com, our bearer token, a token `n<n>:…`. */
export class CountingFcm {
  origin = '';
  private server: https.Server | undefined;

  constructor(
    private readonly certificate: TestCertificate,
    private readonly options: { projectId: string; accessToken: string },
    readonly tally: Tally,
  ) {}

  /** A registration token with FCM's look (long, `:APA91b` inside) carrying the recipient's number. */
  static token(index: number): string {
    return `n${index}:APA91b${'x'.repeat(140)}`;
  }

  async start(): Promise<this> {
    const path = `/v1/projects/${this.options.projectId}/messages:send`;
    this.server = https.createServer(
      { key: this.certificate.key, cert: this.certificate.cert, keepAliveTimeout: 30_000 },
      (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          // A regex finds the token without parsing each message's JSON.
          const index = /"token":"n(\d+):APA91b/.exec(raw)?.[1];
          const ok =
            request.method === 'POST' &&
            request.url === path &&
            request.headers.host === 'fcm.googleapis.com' &&
            request.headers.authorization === `Bearer ${this.options.accessToken}` &&
            index !== undefined &&
            raw.includes('"notification"');
          response.setHeader('Content-Type', 'application/json; charset=UTF-8');
          if (!ok) {
            this.tally.violation(`${request.method} ${request.url} ${raw.slice(0, 80)}`);
            response.writeHead(400);
            return response.end('{"error":{"code":400,"status":"INVALID_ARGUMENT"}}');
          }
          this.tally.count(Number(index));
          response.writeHead(200);
          response.end(`{"name":"projects/${this.options.projectId}/messages/0:${index}"}`);
        });
      },
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** An SMTP relay on loopback: counts each envelope recipient `n<n>@national.test` of each message it accepts. */
export class CountingRelay {
  port = 0;
  private server: SMTPServer | undefined;

  constructor(readonly tally: Tally) {}

  static address(index: number): string {
    return `n${index}@national.test`;
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      maxClients: 200,
      disableReverseLookup: true,
      onData: (stream, session, callback) => {
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
        stream.on('end', () => {
          for (const recipient of session.envelope.rcptTo) {
            const index = /^n(\d+)@national\.test$/i.exec(recipient.address)?.[1];
            if (index === undefined || bytes === 0) this.tally.violation(recipient.address);
            else this.tally.count(Number(index));
          }
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
