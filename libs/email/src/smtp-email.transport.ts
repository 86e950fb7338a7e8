import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { EmailMessage, EmailSendResult, EmailTransport } from './email-transport';
import type { SmtpEmailOptions } from './smtp-email.options';
import { EmailSendError } from './smtp-error.classifier';

/**
 * nodemailer's default DKIM header list plus List-Unsubscribe-Post: RFC 8058
 * requires the signature to cover both List-Unsubscribe fields.
 */
const DKIM_SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-ID',
  'Content-Description',
  'In-Reply-To',
  'References',
  'List-Id',
  'List-Help',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
].join(':');

/** EmailTransport over nodemailer's SMTP transport, pooled unless told otherwise. */
export class SmtpEmailTransport implements EmailTransport {
  private readonly mailer: Mail;

  constructor(options: SmtpEmailOptions) {
    const connection = {
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTls ?? false,
      auth: options.auth ? { user: options.auth.user, pass: options.auth.pass } : undefined,
      name: options.clientName,
      tls: options.tls,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
      greetingTimeout: options.greetingTimeoutMs ?? 10_000,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
      dkim: options.dkim
        ? {
            domainName: options.dkim.domainName,
            keySelector: options.dkim.keySelector,
            privateKey: options.dkim.privateKey,
            headerFieldNames: DKIM_SIGNED_HEADERS,
          }
        : undefined,
      // nodemailer logs nothing by default; our callers log outcomes with their own context.
      logger: false,
    };
    this.mailer =
      options.pooled === false
        ? createTransport(connection)
        : createTransport({
            ...connection,
            pool: true,
            maxConnections: options.maxConnections ?? 5,
            maxMessages: options.maxMessages ?? 100,
            ...(options.rateLimitPerSecond ? { rateLimit: options.rateLimitPerSecond, rateDelta: 1000 } : {}),
          });
  }

  async send(message: EmailMessage): Promise<EmailSendResult> {
    try {
      const info = (await this.mailer.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        replyTo: message.replyTo,
        messageId: message.messageId,
        attachments: message.attachments?.map((attachment) => ({
          filename: attachment.filename,
          content: attachment.content,
          contentType: attachment.contentType,
          cid: attachment.cid,
        })),
      })) as { messageId?: string; accepted?: unknown[]; rejected?: unknown[] };
      return {
        messageId: info.messageId ?? message.messageId ?? '',
        accepted: (info.accepted ?? []).map(addressOf),
        rejected: (info.rejected ?? []).map(addressOf),
      };
    } catch (error) {
      throw new EmailSendError(error);
    }
  }

  /** Connects and authenticates once: a readiness check for the relay. */
  async verify(): Promise<void> {
    try {
      await this.mailer.verify();
    } catch (error) {
      throw new EmailSendError(error);
    }
  }

  close(): Promise<void> {
    this.mailer.close();
    return Promise.resolve();
  }
}

function addressOf(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'object' && entry !== null && 'address' in entry) return String(entry.address);
  return String(entry);
}
