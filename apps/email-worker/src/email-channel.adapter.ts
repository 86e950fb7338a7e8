import { Inject, Injectable } from '@nestjs/common';
import { AudienceRepository, type EmailContact, SubscriptionLinks } from '@childalert/audience';
import type {
  ChannelAdapter,
  DeliveryRecipient,
  PublishedVersion,
  SendContext,
  SendOutcome,
} from '@childalert/delivery';
import { describeSmtpError, EMAIL_TRANSPORT, type EmailTransport } from '@childalert/email';
import { EMAIL_SETTINGS, type EmailSettings } from './email.settings';
import { AlertEmailTemplates, type PreparedEmail } from './templates/alert-email.templates';

/**
 * The e-mail channel: one message per subscriber over the pooled SMTP
 * transport, with RFC 8058 one-click unsubscribe headers and a Message-ID
 * fixed per (alert, version, recipient), so that the one resend a crash can
 * cause (see DeliveryLedger) is recognisably the same message to receivers
 * that deduplicate.
 *
 * SMTP answers: 2xx delivered; 421 and connection trouble are the relay's
 * (everyone waits, no attempt used up); other 4xx to RCPT TO are the
 * mailbox's (retried with backoff); 5xx permanent, and a refused recipient
 * (5xx to RCPT TO, 5.1.x) deletes the subscription.
 */
@Injectable()
export class EmailChannelAdapter implements ChannelAdapter<EmailContact, PreparedEmail> {
  readonly channel = 'email' as const;

  constructor(
    @Inject(EMAIL_TRANSPORT) private readonly transport: EmailTransport,
    private readonly audience: AudienceRepository,
    private readonly links: SubscriptionLinks,
    private readonly templates: AlertEmailTemplates,
    @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings,
  ) {}

  resolveRecipients(ids: readonly string[]): Promise<Map<string, EmailContact>> {
    return this.audience.loadRecipients('email', ids);
  }

  prepare(version: PublishedVersion, language: string): PreparedEmail {
    return this.templates.prepare(version, language);
  }

  async send(
    recipient: DeliveryRecipient<EmailContact>,
    content: PreparedEmail,
    context: SendContext,
  ): Promise<SendOutcome> {
    const unsubscribeUrl = this.links.unsubscribeUrl(recipient.id);
    const body = this.templates.personalise(content, unsubscribeUrl);
    try {
      await this.transport.send({
        from: this.settings.from,
        to: recipient.contact.address,
        subject: content.subject,
        text: body.text,
        html: body.html,
        messageId: `<alert-${context.alertId}-v${context.version}-${recipient.id}@${this.settings.messageIdDomain}>`,
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          // RFC 3834: no out-of-office replies to an alert.
          'Auto-Submitted': 'auto-generated',
          'Content-Language': content.language,
        },
      });
      return { kind: 'delivered' };
    } catch (error) {
      return outcomeOf(error);
    }
  }

  async removeSubscription(recipientId: string): Promise<void> {
    await this.audience.deleteSubscription('email', recipientId);
  }
}

/** What an SMTP failure means for the runtime. */
export function outcomeOf(error: unknown): SendOutcome {
  const failure = describeSmtpError(error);
  const reason = [failure.responseCode, failure.command, failure.reason].filter(Boolean).join(' ');
  if (failure.kind === 'permanent') {
    return { kind: 'permanent', reason, removeSubscription: failure.recipientRejected };
  }
  const mailbox =
    failure.command === 'RCPT TO' &&
    failure.responseCode !== undefined &&
    failure.responseCode !== 421 &&
    failure.responseCode >= 400 &&
    failure.responseCode < 500;
  return { kind: 'transient', reason, scope: mailbox ? 'recipient' : 'provider' };
}
