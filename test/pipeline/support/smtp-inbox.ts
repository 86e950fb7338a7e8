import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the loopback relay accepted it, one entry per envelope recipient. */
export interface InboxMail {
  /** Order of acceptance (the 250 after DATA) across the whole inbox, from 1. */
  seq: number;
  /** When it was accepted (epoch ms). */
  at: number;
  to: string;
  messageId: string;
  subject: string;
  text: string;
  html: string;
  contentLanguage: string | undefined;
  /** A header field's value as sent (unfolded), by name in any case; undefined when absent. */
  header: (name: string) => string | undefined;
}

/** An alert e-mail's Message-ID, as the e-mail worker builds it: `<alert-{id}-v{version}-{recipient}@…>`. */
const ALERT_MESSAGE_ID = /^<alert-([0-9a-f-]{36})-v(\d+)-(\d+)@[^>]+>$/;

export interface AlertMailId {
  alertId: string;
  version: number;
  recipientId: string;
}

export function alertMailIdOf(mail: InboxMail): AlertMailId | undefined {
  const match = ALERT_MESSAGE_ID.exec(mail.messageId);
  return match ? { alertId: match[1], version: Number(match[2]), recipientId: match[3] } : undefined;
}

/**
 * A real SMTP relay on loopback (smtp-server) that parses what it accepts
 * (mailparser) and numbers messages in the order it answered 250, so a test
 * can tell which of two messages a person got first. `dataDelayMs` holds each
 * answer to DATA that long, as a slow relay does, to keep a fan-out running
 * while the test acts.
 */
export class SmtpInbox {
  readonly mails: InboxMail[] = [];
  dataDelayMs = 0;
  port = 0;
  /** RCPT TO refusals still to give, by address (a transient 4xx per attempt). */
  private readonly refusals = new Map<string, number>();
  /** Every RCPT TO refused so far, by address. */
  readonly refused: string[] = [];
  private server: SMTPServer | undefined;
  private waiters: { done: () => boolean; resolve: () => void }[] = [];

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      maxClients: 100,
      disableReverseLookup: true,
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        const left = this.refusals.get(to) ?? 0;
        if (left === 0) return callback();
        this.refusals.set(to, left - 1);
        this.refused.push(to);
        this.settleWaiters();
        callback(Object.assign(new Error('4.2.1 Mailbox busy, try again later'), { responseCode: 450 }));
      },
      onData: (stream, session, callback) => {
        const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        simpleParser(stream).then(
          (parsed) => {
            const headers = new Map<string, string>();
            // Unfolded (RFC 5322 §2.2.3): a long field is split over lines as it is sent.
            for (const line of parsed.headerLines) {
              const unfolded = line.line.replace(/\r?\n(?=[ \t])/g, '');
              headers.set(line.key, unfolded.slice(unfolded.indexOf(':') + 1).trim());
            }
            const accept = () => {
              for (const to of recipients) {
                this.record({
                  seq: this.mails.length + 1,
                  at: Date.now(),
                  to,
                  messageId: parsed.messageId ?? '',
                  subject: parsed.subject ?? '',
                  text: parsed.text ?? '',
                  html: typeof parsed.html === 'string' ? parsed.html : '',
                  contentLanguage: headers.get('content-language'),
                  header: (name) => headers.get(name.toLowerCase()),
                });
              }
              callback();
            };
            if (this.dataDelayMs > 0) setTimeout(accept, this.dataDelayMs);
            else accept();
          },
          (error: Error) => callback(error),
        );
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

  /** The next `times` RCPT TO of `address` are answered 450 (the mailbox's, transient). */
  refuseRecipient(address: string, times = 1): void {
    this.refusals.set(address.toLowerCase(), times);
  }

  /** The alert e-mails of one alert (of one version, when given), in the order they were accepted. */
  alertMails(alertId: string, version?: number): InboxMail[] {
    return this.mails.filter((mail) => {
      const id = alertMailIdOf(mail);
      return id?.alertId === alertId && (version === undefined || id.version === version);
    });
  }

  /** Resolves once `done` holds for what was accepted or refused so far (checked at each of them). */
  waitFor(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== finish);
        reject(new Error(`SMTP inbox: no ${what} after ${this.mails.length} messages in ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ done, resolve: finish });
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private record(mail: InboxMail): void {
    this.mails.push(mail);
    this.settleWaiters();
  }

  private settleWaiters(): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.done()) return true;
      waiter.resolve();
      return false;
    });
  }
}
