/**
 * What an SMTP failure means for the message: `transient` (try again later:
 * 4xx replies, connection trouble, our own authentication or TLS set-up) or
 * `permanent` (5xx: the same message would be refused again). A permanent
 * failure proves the address dead only when the server refused the
 * recipient (`recipientRejected`): a 5xx to RCPT TO, an enhanced status
 * 5.1.x, or an address nodemailer could not even put in an envelope.
 *
 * nodemailer's error fields: `responseCode` (the SMTP reply code, when the
 * server answered), `code` (ECONNECTION, ETIMEDOUT, EENVELOPE, EAUTH...),
 * `command` (the SMTP command that failed, or 'API' before any was sent),
 * `response` (the reply line).
 */
export type SmtpFailureKind = 'transient' | 'permanent';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  /** The server (or nodemailer) refused the recipient address itself: a hard bounce. */
  recipientRejected: boolean;
  responseCode?: number;
  code?: string;
  command?: string;
  /** The server's reply or the error message, for logs and dead letters. */
  reason: string;
}

interface NodemailerErrorFields {
  message?: unknown;
  responseCode?: unknown;
  code?: unknown;
  command?: unknown;
  response?: unknown;
}

/** Codes of failures in nodemailer's own API step that no retry can fix. */
const PERMANENT_CODES = new Set([
  'EENVELOPE',
  'EMESSAGE',
  'ESTREAM',
  'EFILEACCESS',
  'EURLACCESS',
  'EMAXRECIPIENTS',
]);

const RECIPIENT_STATUS = /\b5\.1\.\d{1,3}\b/;

export function describeSmtpError(error: unknown): SmtpFailure {
  if (error instanceof EmailSendError) return error.failure;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as NodemailerErrorFields;
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const command = typeof fields.command === 'string' ? fields.command : undefined;
  const response = typeof fields.response === 'string' ? fields.response : undefined;
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const reason = response ?? message;
  const base = { responseCode, code, command, reason };

  if (responseCode !== undefined) {
    // 503 "bad sequence of commands" is about the session, not the message (nodemailer treats it so too).
    if (responseCode >= 400 && responseCode < 500)
      return { ...base, kind: 'transient', recipientRejected: false };
    if (responseCode >= 500 && responseCode < 600 && responseCode !== 503) {
      // Authentication is our configuration, not the recipient's fault: retry, dead-letter, never unsubscribe.
      if (code === 'EAUTH' || code === 'ENOAUTH')
        return { ...base, kind: 'transient', recipientRejected: false };
      const recipientRejected =
        command === 'RCPT TO' || (response !== undefined && RECIPIENT_STATUS.test(response));
      return { ...base, kind: 'permanent', recipientRejected };
    }
    return { ...base, kind: 'transient', recipientRejected: false };
  }
  if (code !== undefined && PERMANENT_CODES.has(code)) {
    // Before any SMTP command: an address that cannot be written in an envelope.
    const recipientRejected = code === 'EENVELOPE' && /recipient/i.test(message);
    return { ...base, kind: 'permanent', recipientRejected };
  }
  return { ...base, kind: 'transient', recipientRejected: false };
}

export function classifySmtpError(error: unknown): SmtpFailureKind {
  return describeSmtpError(error).kind;
}

/** What EmailTransport.send throws: the failure, classified, with nodemailer's error as cause. */
export class EmailSendError extends Error {
  readonly failure: SmtpFailure;

  constructor(cause: unknown) {
    const failure = cause instanceof EmailSendError ? cause.failure : describeSmtpError(cause);
    super(`e-mail not sent (${failure.kind}): ${failure.reason}`, { cause });
    this.name = 'EmailSendError';
    this.failure = failure;
  }

  get kind(): SmtpFailureKind {
    return this.failure.kind;
  }
}
