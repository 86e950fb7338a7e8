import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { type ParsedCap, parseCap } from '@childalert/cap';
import { Arrivals } from '../../support/arrivals';
import type { TestCertificate } from '../../webpush/support/test-certificate';

/** One webhook the receiver accepted: signature and timestamp verified, body parsed. */
export interface ReceivedWebhook {
  /** The receiver's path, one per broadcaster (`/hooks/<name>`). */
  path: string;
  webhookId: string;
  timestamp: number;
  contentType: string;
  body: string;
  /** Parsed when the body is CAP XML. */
  cap?: ParsedCap;
  /** Parsed when the body is JSON. */
  json?: Record<string, unknown>;
  /** A webhook-id seen before on this path (a resend the receiver would drop). */
  duplicate: boolean;
  at: number;
}

/**
 * A newsroom's webhook receiver on loopback HTTPS, one path per broadcaster,
 * doing what the Standard Webhooks spec asks of a receiver: it verifies the
 * `webhook-signature` with the broadcaster's secret (the reference library,
 * not the worker's code) and the `webhook-timestamp` (5 minutes tolerance),
 * parses the CAP or JSON body, and dedupes on `webhook-id`. What fails any
 * check is answered 400 and recorded in `violations`. A path can be told to
 * answer with a status for its next requests (5xx, 429 with Retry-After, 410).
 */
export class BroadcastReceiver {
  readonly arrivals = new Arrivals<ReceivedWebhook>('broadcast receiver');
  readonly violations: string[] = [];
  /** Every status answered, in order, per path. */
  readonly answers = new Map<string, number[]>();
  private readonly secrets = new Map<string, string[]>();
  private readonly scripted = new Map<string, { status: number; headers: Record<string, string> }[]>();
  private readonly seen = new Map<string, Set<string>>();
  private server: https.Server | undefined;
  port = 0;

  constructor(private readonly certificate: TestCertificate) {}

  async start(): Promise<this> {
    this.server = https.createServer(
      { key: this.certificate.key, cert: this.certificate.cert },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const { status, headers } = this.handle(req.url ?? '/', req.headers, Buffer.concat(chunks));
          this.answers.set(req.url ?? '/', [...(this.answers.get(req.url ?? '/') ?? []), status]);
          res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
          res.end(JSON.stringify({ received: status < 300 }));
        });
      },
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `https://127.0.0.1:${this.port}${path}`;
  }

  /** The secrets this path accepts signatures of (a broadcaster's, once registered). */
  trust(path: string, ...secrets: string[]): void {
    this.secrets.set(path, secrets);
  }

  /** The next `times` requests on `path` get `status` (then 2xx again). */
  answerWith(path: string, status: number, times: number, headers: Record<string, string> = {}): void {
    const queue = this.scripted.get(path) ?? [];
    for (let i = 0; i < times; i++) queue.push({ status, headers });
    this.scripted.set(path, queue);
  }

  /** Forgets every scripted answer: every path answers 2xx again. */
  answerNormally(): void {
    this.scripted.clear();
  }

  /** Accepted webhooks of a path (first copies only unless `withDuplicates`). */
  of(path: string, withDuplicates = false): ReceivedWebhook[] {
    return this.arrivals.items.filter((w) => w.path === path && (withDuplicates || !w.duplicate));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(
    path: string,
    headers: Record<string, string | string[] | undefined>,
    raw: Buffer,
  ): { status: number; headers: Record<string, string> } {
    const secrets = this.secrets.get(path);
    if (secrets === undefined) return this.refuse(`${path}: no broadcaster lives here`, 404);
    const single = (name: string) => (Array.isArray(headers[name]) ? undefined : headers[name]);
    const webhookHeaders = {
      'webhook-id': single('webhook-id') ?? '',
      'webhook-timestamp': single('webhook-timestamp') ?? '',
      'webhook-signature': single('webhook-signature') ?? '',
    };
    const body = raw.toString('utf8');
    // Verifies with any secret of the path (during a rotation both sign); checks the 5-minute tolerance too.
    const verified = secrets.some((secret) => {
      try {
        new Webhook(secret).verify(body, webhookHeaders, { jsonParse: false });
        return true;
      } catch {
        return false;
      }
    });
    if (!verified)
      return this.refuse(`${path}: bad signature or timestamp ${JSON.stringify(webhookHeaders)}`, 400);
    const scripted = this.scripted.get(path)?.shift();
    if (scripted !== undefined) return scripted;
    const contentType = single('content-type') ?? '';
    let cap: ParsedCap | undefined;
    let json: Record<string, unknown> | undefined;
    try {
      if (contentType.startsWith('application/cap+xml')) cap = parseCap(body);
      else if (contentType.startsWith('application/json')) json = JSON.parse(body) as Record<string, unknown>;
      else return this.refuse(`${path}: unexpected content type ${contentType}`, 415);
    } catch (error) {
      return this.refuse(`${path}: body does not parse: ${String(error)}`, 400);
    }
    const ids = this.seen.get(path) ?? new Set<string>();
    const duplicate = ids.has(webhookHeaders['webhook-id']);
    ids.add(webhookHeaders['webhook-id']);
    this.seen.set(path, ids);
    this.arrivals.add({
      path,
      webhookId: webhookHeaders['webhook-id'],
      timestamp: Number(webhookHeaders['webhook-timestamp']),
      contentType,
      body,
      ...(cap ? { cap } : {}),
      ...(json ? { json } : {}),
      duplicate,
      at: Date.now(),
    });
    return { status: 200, headers: {} };
  }

  private refuse(violation: string, status: number): { status: number; headers: Record<string, string> } {
    this.violations.push(violation);
    return { status, headers: {} };
  }
}
