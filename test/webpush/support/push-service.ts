import { createECDH, createPublicKey, type ECDH, randomBytes, verify } from 'node:crypto';
import http2 from 'node:http2';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import * as ece from 'http_ece';
import { Arrivals } from '../../support/arrivals';
import type { TestCertificate } from './test-certificate';

/** A subscriber as a browser holds it: the key pair behind p256dh and the auth secret. */
export interface BrowserSubscription {
  /** The path token in the endpoint URL. */
  token: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
  authSecret: Buffer;
}

/** One message the push service accepted and decrypted. */
export interface ReceivedPush {
  token: string;
  /** The decrypted payload, parsed. */
  payload: Record<string, unknown>;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  bodyBytes: number;
  /** '2.0' from the worker (HTTP/2 session), '1.1' from web-push's own sendNotification. */
  httpVersion: string;
  at: number;
}

type PushRequest = IncomingMessage | http2.Http2ServerRequest;

interface Command {
  status: number;
  headers?: Record<string, string>;
  /** Times left; Infinity for good. */
  remaining: number;
}

/**
 * A push service on loopback that behaves like a real one (RFC 8030): TLS
 * with the test's certificate; every request's VAPID JWT verified (ES256
 * with the `k` key, `aud` its own origin, `exp` within 24 h, `sub`); TTL,
 * Urgency and Topic checked; bodies over 4,096 bytes refused with 413; the
 * body decrypted with the subscriber's private key (aes128gcm). It answers
 * 201, or on command 404/410 for a subscription, 429 with Retry-After or 500
 * for everyone for a number of requests. Whatever breaks the protocol is
 * recorded in `violations` and answered 400.
 */
export class PushService {
  /** What arrived, for helpers that work with any loopback fake. */
  readonly arrivals = new Arrivals<ReceivedPush>('push service');
  readonly received: ReceivedPush[] = this.arrivals.items;
  readonly violations: string[] = [];
  /** Every request's status, in order. */
  readonly answers: number[] = [];
  /** VAPID JWTs seen (distinct), to show the header is reused. */
  readonly jwts = new Set<string>();
  origin = '';
  private server: http2.Http2SecureServer | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly subscriptions = new Map<string, BrowserSubscription>();
  private readonly perToken = new Map<string, Command>();
  private everyone: Command | undefined;

  /** `decrypt: false` only counts (a benchmark's receiver must not be the bottleneck). */
  constructor(
    private readonly certificate: TestCertificate,
    private readonly options: { decrypt?: boolean; vapidPublicKey?: string } = {},
  ) {}

  async start(): Promise<this> {
    // HTTP/2 as push services speak it, and HTTP/1.1 for clients that only speak that (web-push).
    this.server = http2.createSecureServer(
      {
        key: this.certificate.key,
        cert: this.certificate.cert,
        allowHTTP1: true,
        settings: { maxConcurrentStreams: 128 },
      },
      (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const { status, headers } = this.handle(request, Buffer.concat(chunks));
          this.answers.push(status);
          response.writeHead(status, headers);
          response.end();
        });
      },
    );
    this.server.on('secureConnection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A new browser subscription on this service: P-256 key pair and 16 random auth bytes, as a browser makes them. */
  subscribe(token: string = randomBytes(12).toString('base64url')): BrowserSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const authSecret = randomBytes(16);
    const subscription: BrowserSubscription = {
      token,
      endpoint: `${this.origin}/push/${token}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
      ecdh,
      authSecret,
    };
    this.subscriptions.set(token, subscription);
    return subscription;
  }

  /** The next `times` requests for this subscription are answered `status` (404/410: gone). */
  answerFor(token: string, status: number, times = Infinity): void {
    this.perToken.set(token, { status, remaining: times });
  }

  /** Forgets every command given to everyone: requests are answered normally again. */
  answerNormally(): void {
    this.everyone = undefined;
  }

  /** The next `times` requests of anyone are answered `status` (429 with Retry-After, 500). */
  answerEveryone(status: number, times: number, headers?: Record<string, string>): void {
    this.everyone = { status, remaining: times, ...(headers ? { headers } : {}) };
  }

  onPush(listener: (push: ReceivedPush) => void): void {
    this.arrivals.onArrival(listener);
  }

  waitFor(
    done: (received: readonly ReceivedPush[]) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<void> {
    return this.arrivals.waitFor(done, what, timeoutMs);
  }

  byToken(): Map<string, ReceivedPush[]> {
    return this.arrivals.groupBy((push) => push.token);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(request: PushRequest, body: Buffer): { status: number; headers?: Record<string, string> } {
    const token = /^\/push\/([A-Za-z0-9_-]+)$/.exec(request.url ?? '')?.[1];
    const subscription = token === undefined ? undefined : this.subscriptions.get(token);
    if (request.method !== 'POST' || token === undefined) return { status: 404 };
    const problem = this.protocolProblem(request, body);
    if (problem !== undefined) {
      this.violations.push(`${token}: ${problem}`);
      return { status: problem.startsWith('413') ? 413 : 400 };
    }
    const command = this.perToken.get(token) ?? this.everyone;
    if (command !== undefined && command.remaining > 0) {
      command.remaining -= 1;
      return { status: command.status, ...(command.headers ? { headers: command.headers } : {}) };
    }
    if (subscription === undefined) return { status: 410 };
    let payload: Record<string, unknown> = {};
    if (this.options.decrypt !== false) {
      try {
        const plaintext = ece.decrypt(body, {
          version: 'aes128gcm',
          privateKey: subscription.ecdh,
          authSecret: subscription.authSecret.toString('base64url'),
        });
        payload = JSON.parse(plaintext.toString('utf8')) as Record<string, unknown>;
      } catch (error) {
        this.violations.push(`${token}: cannot decrypt: ${(error as Error).message}`);
        return { status: 400 };
      }
    }
    this.arrivals.add({
      token,
      payload,
      ttl: Number(request.headers.ttl),
      urgency: header(request.headers.urgency),
      topic: header(request.headers.topic),
      bodyBytes: body.length,
      httpVersion: request.httpVersion,
      at: Date.now(),
    });
    return { status: 201, headers: { Location: `${this.origin}/message/${randomBytes(8).toString('hex')}` } };
  }

  private protocolProblem(request: PushRequest, body: Buffer): string | undefined {
    if (body.length > 4096) return `413 body of ${body.length} bytes`;
    if (header(request.headers['content-encoding']) !== 'aes128gcm')
      return 'Content-Encoding is not aes128gcm';
    const ttl = header(request.headers.ttl);
    if (ttl === undefined || !/^\d+$/.test(ttl)) return `TTL missing or not a number: ${ttl}`;
    const urgency = header(request.headers.urgency);
    if (urgency !== undefined && !['very-low', 'low', 'normal', 'high'].includes(urgency))
      return `bad Urgency ${urgency}`;
    const topic = header(request.headers.topic);
    if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return `bad Topic ${topic}`;
    return this.vapidProblem(header(request.headers.authorization));
  }

  /** RFC 8292 §2-3: `vapid t=<JWT>, k=<P-256 key>`, ES256, aud = origin, exp ≤ 24 h ahead, sub. */
  private vapidProblem(authorization: string | undefined): string | undefined {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) return `Authorization is not VAPID: ${authorization}`;
    const [, jwt, k] = match;
    if (this.options.vapidPublicKey !== undefined && k !== this.options.vapidPublicKey)
      return 'k is not the application server key the subscription was made with';
    if (this.jwts.has(jwt)) return undefined; // verified before
    const [head, claims, signature] = jwt.split('.');
    const point = Buffer.from(k, 'base64url');
    if (point.length !== 65) return 'k is not a P-256 point';
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    const valid = verify(
      'sha256',
      Buffer.from(`${head}.${claims}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature ?? '', 'base64url'),
    );
    if (!valid) return 'VAPID signature does not verify';
    const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
    if (header.alg !== 'ES256') return `VAPID alg ${header.alg}`;
    const body = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
      aud?: string;
      exp?: number;
      sub?: string;
    };
    if (body.aud !== this.origin) return `VAPID aud ${body.aud} is not ${this.origin}`;
    const now = Math.floor(Date.now() / 1000);
    if (typeof body.exp !== 'number' || body.exp <= now || body.exp > now + 24 * 3600)
      return `VAPID exp ${body.exp} not within 24 h`;
    if (typeof body.sub !== 'string' || !/^(mailto:|https:)/.test(body.sub)) return `VAPID sub ${body.sub}`;
    this.jwts.add(jwt);
    return undefined;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
