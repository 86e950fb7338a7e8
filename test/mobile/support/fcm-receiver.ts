import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from '../../support/arrivals';
import type { TestCertificate } from '../../webpush/support/test-certificate';

/** One message FCM accepted, as it came on the wire (FCM v1 REST JSON). */
export interface ReceivedMessage {
  token: string;
  message: FcmWireMessage;
  at: number;
}

export interface FcmWireMessage {
  token: string;
  notification: { title: string; body: string; image?: string };
  data: Record<string, string>;
  android: {
    priority: string;
    ttl: string;
    collapse_key: string;
    notification: Record<string, unknown>;
  };
  apns: { headers: Record<string, string>; payload: { aps: Record<string, unknown> }; fcmOptions?: unknown };
  webpush?: { headers: Record<string, string> };
}

/** FCM v1 error codes (FcmError.errorCode) the receiver can answer with. */
export type FcmErrorCode =
  | 'UNREGISTERED'
  | 'INVALID_ARGUMENT'
  /** INVALID_ARGUMENT about the message, not the token (a field FCM refuses). */
  | 'INVALID_MESSAGE'
  | 'SENDER_ID_MISMATCH'
  | 'QUOTA_EXCEEDED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

const ERRORS: Record<FcmErrorCode, { status: number; rpc: string; message: string }> = {
  UNREGISTERED: { status: 404, rpc: 'NOT_FOUND', message: 'Requested entity was not found.' },
  INVALID_ARGUMENT: {
    status: 400,
    rpc: 'INVALID_ARGUMENT',
    message: 'The registration token is not a valid FCM registration token',
  },
  INVALID_MESSAGE: {
    status: 400,
    rpc: 'INVALID_ARGUMENT',
    message: "Invalid value at 'message.android.ttl' (type.googleapis.com/google.protobuf.Duration)",
  },
  SENDER_ID_MISMATCH: { status: 403, rpc: 'PERMISSION_DENIED', message: 'SenderId mismatch' },
  QUOTA_EXCEEDED: { status: 429, rpc: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded for quota metric' },
  UNAVAILABLE: { status: 503, rpc: 'UNAVAILABLE', message: 'The service is currently unavailable.' },
  INTERNAL: { status: 500, rpc: 'INTERNAL', message: 'Internal error encountered.' },
};

interface Command {
  code: FcmErrorCode;
  headers?: Record<string, string>;
  /** Times left; Infinity for good. */
  remaining: number;
}

const MESSAGE_FIELDS = new Set([
  'token',
  'notification',
  'data',
  'android',
  'apns',
  'webpush',
  'fcm_options',
]);
const DATA_KEYS = ['alertId', 'version', 'language', 'url', 'event', 'exercise'];

/**
 * An FCM HTTP v1 endpoint on loopback: TLS with the test's certificate;
 * `POST /v1/projects/{project}/messages:send` addressed to
 * fcm.googleapis.com, the bearer token checked, the message's shape checked
 * as the worker must send it (high priority, notification, string data,
 * Android channel, APNs priority 10 / time-sensitive, per-alert collapse).
 * Answers 200 with a message name, or FCM's error JSON on command:
 * UNREGISTERED / INVALID_ARGUMENT for a token, QUOTA_EXCEEDED (429) or
 * UNAVAILABLE (503) with Retry-After for everyone. Unknown tokens are
 * UNREGISTERED, as at FCM. Whatever breaks the contract is recorded in
 * `violations` and answered 400/401.
 */
export class FcmReceiver {
  readonly arrivals = new Arrivals<ReceivedMessage>('FCM receiver');
  readonly received: ReceivedMessage[] = this.arrivals.items;
  readonly violations: string[] = [];
  /** Every request's status, in order. */
  readonly answers: number[] = [];
  /** The most connections open at once (keep-alive reuse shows here). */
  connections = 0;
  origin = '';
  private server: https.Server | undefined;
  private readonly tokens = new Set<string>();
  private readonly perToken = new Map<string, Command>();
  private everyone: Command | undefined;
  private readonly sockets = new Set<unknown>();

  /** `check: false` only counts (a benchmark's receiver must not be the bottleneck). */
  constructor(
    private readonly certificate: TestCertificate,
    private readonly options: { projectId: string; accessToken: string; check?: boolean },
  ) {}

  async start(): Promise<this> {
    this.server = https.createServer(
      { key: this.certificate.key, cert: this.certificate.cert, keepAliveTimeout: 30_000 },
      (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const { status, body, headers } = this.handle(request, Buffer.concat(chunks).toString('utf8'));
          this.answers.push(status);
          response.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
          response.end(JSON.stringify(body));
        });
      },
    );
    this.server.on('secureConnection', (socket) => {
      this.sockets.add(socket);
      this.connections = Math.max(this.connections, this.sockets.size);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A new app installation: its registration token (FCM's look: 152+ characters, `:` inside). */
  register(): string {
    const token = `${randomBytes(8).toString('base64url')}:APA91b${randomBytes(100).toString('base64url')}`;
    this.tokens.add(token);
    return token;
  }

  /** The next `times` messages to this token are answered `code`. */
  answerFor(token: string, code: FcmErrorCode, times = Infinity): void {
    this.perToken.set(token, { code, remaining: times });
  }

  /** The next `times` messages of anyone are answered `code` (QUOTA_EXCEEDED, UNAVAILABLE), e.g. with Retry-After. */
  answerEveryone(code: FcmErrorCode, times: number, headers?: Record<string, string>): void {
    this.everyone = { code, remaining: times, ...(headers ? { headers } : {}) };
  }

  /** Forgets the command given to everyone: messages are answered normally again. */
  answerNormally(): void {
    this.everyone = undefined;
  }

  waitFor(done: (received: readonly ReceivedMessage[]) => boolean, what: string, timeoutMs = 60_000) {
    return this.arrivals.waitFor(done, what, timeoutMs);
  }

  byToken(): Map<string, ReceivedMessage[]> {
    return this.arrivals.groupBy((m) => m.token);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(
    request: IncomingMessage,
    raw: string,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    const path = `/v1/projects/${this.options.projectId}/messages:send`;
    if (request.method !== 'POST' || request.url !== path) {
      this.violations.push(`${request.method} ${request.url}: not ${path}`);
      return errorBody(404, 'NOT_FOUND', `no such method ${request.url}`);
    }
    if (request.headers.host !== 'fcm.googleapis.com')
      this.violations.push(`Host ${request.headers.host}: not fcm.googleapis.com`);
    if (request.headers.authorization !== `Bearer ${this.options.accessToken}`) {
      this.violations.push(`Authorization ${request.headers.authorization}: not the bearer token`);
      return errorBody(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    }
    let message: FcmWireMessage;
    try {
      message = (JSON.parse(raw) as { message: FcmWireMessage }).message;
    } catch {
      this.violations.push(`body is not JSON: ${raw.slice(0, 100)}`);
      return errorBody(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    if (this.options.check !== false) {
      const problem = shapeProblem(message);
      if (problem !== undefined) {
        this.violations.push(`${message?.token?.slice(0, 12)}: ${problem}`);
        return errorBody(400, 'INVALID_ARGUMENT', problem);
      }
    }
    const command = this.perToken.get(message.token) ?? this.everyone;
    if (command !== undefined && command.remaining > 0) {
      command.remaining -= 1;
      return { ...fcmError(command.code), ...(command.headers ? { headers: command.headers } : {}) };
    }
    if (!this.tokens.has(message.token)) return fcmError('UNREGISTERED');
    this.arrivals.add({ token: message.token, message, at: Date.now() });
    return {
      status: 200,
      body: { name: `projects/${this.options.projectId}/messages/0:${randomBytes(8).toString('hex')}` },
    };
  }
}

function fcmError(code: FcmErrorCode): { status: number; body: unknown } {
  const { status, rpc, message } = ERRORS[code];
  return {
    status,
    body: {
      error: {
        code: status,
        message,
        status: rpc,
        details: [
          {
            '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError',
            errorCode: code === 'INVALID_MESSAGE' ? 'INVALID_ARGUMENT' : code,
          },
        ],
      },
    },
  };
}

function errorBody(status: number, rpc: string, message: string): { status: number; body: unknown } {
  return { status, body: { error: { code: status, message, status: rpc } } };
}

/** What the worker must send: checked on every message. */
function shapeProblem(m: FcmWireMessage | undefined): string | undefined {
  if (typeof m !== 'object' || m === null) return 'no message';
  const unknown = Object.keys(m).filter((key) => !MESSAGE_FIELDS.has(key));
  if (unknown.length > 0) return `unknown fields ${unknown.join(', ')}`;
  if (typeof m.token !== 'string' || m.token.length < 20) return 'token missing';
  const n = m.notification;
  if (typeof n?.title !== 'string' || n.title === '' || typeof n.body !== 'string' || n.body === '')
    return 'notification without title and body';
  if (n.image !== undefined && !/^https:\/\//.test(n.image)) return `notification image ${n.image}`;
  if (typeof m.data !== 'object' || m.data === null) return 'no data';
  for (const [key, value] of Object.entries(m.data))
    if (typeof value !== 'string') return `data.${key} is not a string`;
  for (const key of DATA_KEYS) if (!(key in m.data)) return `data.${key} missing`;
  const a = m.android;
  if (a?.priority !== 'high' && a?.priority !== 'HIGH') return `android.priority ${a?.priority}`;
  if (!/^\d+(\.\d{1,9})?s$/.test(a.ttl ?? '')) return `android.ttl ${a.ttl}`;
  if (typeof a.collapse_key !== 'string' || a.collapse_key === '') return 'android.collapse_key missing';
  if (typeof a.notification?.channel_id !== 'string') return 'android.notification.channel_id missing';
  if (a.notification.tag !== a.collapse_key) return 'android.notification.tag is not the collapse key';
  if (a.notification.notification_priority !== 'PRIORITY_MAX')
    return `android notification_priority ${String(a.notification.notification_priority)}`;
  if (a.notification.visibility !== 'PUBLIC') return 'android visibility not PUBLIC';
  const h = m.apns?.headers ?? {};
  if (h['apns-priority'] !== '10') return `apns-priority ${h['apns-priority']}`;
  if (h['apns-push-type'] !== 'alert') return `apns-push-type ${h['apns-push-type']}`;
  if (!/^\d+$/.test(h['apns-expiration'] ?? '')) return `apns-expiration ${h['apns-expiration']}`;
  const collapse = h['apns-collapse-id'] ?? '';
  if (collapse === '' || Buffer.byteLength(collapse) > 64) return `apns-collapse-id ${collapse}`;
  const aps = m.apns.payload?.aps ?? {};
  if (aps['interruption-level'] !== 'time-sensitive')
    return `aps interruption-level ${String(aps['interruption-level'])}`;
  // FCM's limit on what the device receives.
  const payload = Buffer.byteLength(JSON.stringify({ notification: n, data: m.data }));
  if (payload > 4096) return `notification and data of ${payload} bytes, over 4 KB`;
  return undefined;
}
