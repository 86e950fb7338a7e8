/** An inline or attached file: the alert photo goes in as `cid:` inline image. */
export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Content-ID for inline use (`<img src="cid:...">`). */
  cid?: string;
}

export interface EmailMessage {
  from: string;
  /** One recipient: one message per subscriber keeps bounces and unsubscribe links per person. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra header fields, e.g. List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: Record<string, string>;
  replyTo?: string;
  attachments?: EmailAttachment[];
  /** A fixed Message-ID (with angle brackets), e.g. derived from alert, version and recipient. */
  messageId?: string;
}

export interface EmailSendResult {
  /** The Message-ID the message went out with. */
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/**
 * Sends e-mail. The one implementation is SMTP (SmtpEmailTransport); tests
 * and other drivers implement the same. A failure throws EmailSendError,
 * which says whether trying again can help.
 */
export interface EmailTransport {
  send(message: EmailMessage): Promise<EmailSendResult>;
  /** Lets messages in flight finish, then closes every connection. */
  close(): Promise<void>;
}

/** Injection token of the app's EmailTransport (EmailModule.forRoot). */
export const EMAIL_TRANSPORT = Symbol('EMAIL_TRANSPORT');
