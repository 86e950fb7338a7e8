import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { Arrivals } from '../../support/arrivals';

/** One message as the loopback SMTP server received and parsed it. */
export interface ReceivedMail {
  to: string;
  from: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** A header field as sent (unfolded), by lower-case name: `List-Unsubscribe: <…>`. */
  rawHeader: (name: string) => string | undefined;
  contentLanguage: string | undefined;
}

type Refusal = { code: number; message: string } | undefined;

/**
 * A real SMTP server on loopback (smtp-server) that parses what it gets
 * (mailparser). It accepts a message when it answers 250 after DATA, as a
 * relay does. It can refuse on command: everything with a code for a while
 * (421: the relay is unavailable), or one recipient for good (550).
 */
export class SmtpSink {
  /** What arrived, for helpers that work with any loopback fake. */
  readonly arrivals = new Arrivals<ReceivedMail>('SMTP sink');
  readonly mails: ReceivedMail[] = this.arrivals.items;
  /** SMTP transactions refused (RCPT or DATA answers ≥ 400). */
  refusals = 0;
  private server: SMTPServer | undefined;
  private refuseAll: Refusal;
  private readonly refusedRecipients = new Map<string, Refusal>();
  port = 0;

  /** `parse: false` only counts (a benchmark's receiver must not be the bottleneck). */
  constructor(private readonly options: { parse?: boolean } = {}) {}

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      maxClients: 200,
      // Loopback needs no reverse DNS; a lookup per connection would cost more than the mail.
      disableReverseLookup: true,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const refusal = this.refuseAll ?? this.refusedRecipients.get(address.address.toLowerCase());
        if (refusal !== undefined) {
          this.refusals += 1;
          return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          if (this.options.parse === false) {
            for (const recipient of to) this.arrivals.add(unparsed(recipient, from));
            return callback();
          }
          simpleParser(raw).then(
            (parsed) => {
              const rawHeaders = new Map<string, string>();
              // Unfolded (RFC 5322 §2.2.3): a long field is split over lines as it is sent.
              for (const line of parsed.headerLines)
                rawHeaders.set(line.key, line.line.replace(/\r?\n(?=[ \t])/g, ''));
              for (const recipient of to) {
                this.arrivals.add({
                  to: recipient,
                  from,
                  messageId: parsed.messageId ?? '',
                  subject: parsed.subject ?? '',
                  text: parsed.text ?? '',
                  html: typeof parsed.html === 'string' ? parsed.html : '',
                  headers: parsed.headers,
                  rawHeader: (name) => rawHeaders.get(name.toLowerCase()),
                  contentLanguage: headerText(parsed.headers.get('content-language')),
                });
              }
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    // A sender killed mid-session (the kill -9 tests) resets its connection: the server says so as
    // an 'error' event, which unheard would throw in the test process. A relay shrugs it off.
    this.server.on('error', (error: Error & { code?: string }) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE')
        process.stderr.write(`smtp relay: ${error.message}\n`);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** Every RCPT is answered with `code` until `accept()` (421: the relay is unavailable). */
  refuseEverything(code: number, message = 'Service not available, try again later'): void {
    this.refuseAll = { code, message };
  }

  accept(): void {
    this.refuseAll = undefined;
  }

  /** One address refused for good, as a relay refuses an unknown mailbox. */
  refuseRecipient(address: string, code = 550, message = '5.1.1 <user> Mailbox does not exist'): void {
    this.refusedRecipients.set(address.toLowerCase(), { code, message });
  }

  /** Called for each accepted message, after it is recorded. */
  onMail(listener: (mail: ReceivedMail) => void): void {
    this.arrivals.onArrival(listener);
  }

  /** Resolves once `done` holds for the messages accepted so far (checked at each new one). */
  waitFor(
    done: (mails: readonly ReceivedMail[]) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<void> {
    return this.arrivals.waitFor(done, what, timeoutMs);
  }

  /** Messages by recipient address. */
  byRecipient(): Map<string, ReceivedMail[]> {
    return this.arrivals.groupBy((mail) => mail.to);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(', ');
  return value === undefined ? undefined : JSON.stringify(value);
}

function unparsed(to: string, from: string): ReceivedMail {
  return {
    to,
    from,
    messageId: '',
    subject: '',
    text: '',
    html: '',
    headers: new Map(),
    rawHeader: () => undefined,
    contentLanguage: undefined,
  };
}
