import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeSmtpError, EMAIL_TRANSPORT, type EmailTransport } from '@childalert/email';
import type { SubscriberArea } from '../area/area.types';
import { AUDIENCE_OPTIONS, type ResolvedAudienceOptions } from '../audience.options';
import { buildConfirmationEmail } from '../email/confirmation-email.builder';
import { SubscriptionLinks } from '../email/subscription-links';
import { AudienceError, AudienceErrorCode } from '../errors/audience.error';
import { SubscriptionsRepository } from '../repository/subscriptions.repository';
import { checkedAddress, checkedArea, checkedLanguages } from './subscription-input';

export interface EmailSubscribeInput {
  address: string;
  language: string;
  area: SubscriberArea;
}

/** Seconds a client should wait before trying again when the relay is unavailable. */
const RETRY_AFTER_SECONDS = 60;

/**
 * E-mail subscriptions with double opt-in.
 *
 * subscribe: the row is written first (unconfirmed, or a pending change of a
 * confirmed one), then the confirmation is sent from the request. If the
 * relay fails for now, the answer is 503 with Retry-After and the row stays
 * unconfirmed: it receives nothing, a retry resends at once (the resend
 * interval counts only sent e-mails), and the purge removes it when its link
 * expires. If the relay refuses the address for good, the request is undone.
 * The answer never tells whether the address was already subscribed.
 */
@Injectable()
export class EmailSubscriptionService {
  private readonly logger = new Logger(EmailSubscriptionService.name);

  constructor(
    @Inject(AUDIENCE_OPTIONS) private readonly options: ResolvedAudienceOptions,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly links: SubscriptionLinks,
    @Inject(EMAIL_TRANSPORT) private readonly transport: EmailTransport,
  ) {}

  async subscribe(input: EmailSubscribeInput): Promise<void> {
    const address = checkedAddress(input.address);
    const languages = checkedLanguages([input.language], 'language');
    const area = checkedArea(input.area);
    const now = Date.now();
    // Whole seconds: the link carries its expiry in epoch seconds.
    const expiresAt = new Date(Math.floor(now / 1000) * 1000 + this.options.confirmationTtlHours * 3_600_000);
    const outcome = await this.subscriptions.requestEmail({
      address,
      languages,
      area,
      nonce: randomBytes(18).toString('base64url'),
      expiresAt,
      resendAfter: new Date(now - this.options.confirmationResendSeconds * 1000),
    });
    if (outcome.kind === 'throttled') return;
    const message = buildConfirmationEmail({
      from: this.options.mailFrom,
      to: address,
      language: languages[0],
      area,
      confirmUrl: this.links.confirmUrl(outcome.id, outcome.nonce, outcome.expiresAt),
      unsubscribeUrl: this.links.unsubscribeUrl(outcome.id),
      unsubscribeHeaders: this.links.headersFor(outcome.id),
      ttlHours: this.options.confirmationTtlHours,
    });
    try {
      await this.transport.send(message);
    } catch (error) {
      const failure = describeSmtpError(error);
      // The subscription id, never the address: logs hold no personal data.
      this.logger.warn(
        `confirmation e-mail for email subscription ${outcome.id} not sent (${failure.kind}): ${failure.reason}`,
      );
      if (failure.kind === 'permanent' && failure.recipientRejected) {
        await this.subscriptions.discardEmailRequest(outcome.id, outcome.nonce);
        throw new AudienceError(
          AudienceErrorCode.AddressRejected,
          'The mail server refused this address. Check the address and try again.',
        );
      }
      throw new AudienceError(
        AudienceErrorCode.EmailUnavailable,
        `The confirmation e-mail could not be sent right now. Please try again in ${RETRY_AFTER_SECONDS} seconds.`,
        RETRY_AFTER_SECONDS,
      );
    }
    await this.subscriptions.markConfirmationSent(outcome.id, outcome.nonce);
  }

  /** Follows a confirmation link; the same link again is a success too. */
  async confirm(token: string): Promise<'confirmed' | 'already_confirmed'> {
    const claims = this.links.signer.verifyConfirm(token);
    const outcome = await this.subscriptions.confirmEmail(claims.subscriptionId, claims.nonce);
    switch (outcome) {
      case 'confirmed':
      case 'already_confirmed':
        return outcome;
      case 'not_found':
        throw new AudienceError(
          AudienceErrorCode.SubscriptionNotFound,
          'This subscription no longer exists: it was unsubscribed, or never confirmed in time. Subscribe again.',
        );
      case 'superseded':
        throw new AudienceError(
          AudienceErrorCode.LinkSuperseded,
          'A newer confirmation e-mail was sent to this address. Use the link in the latest one.',
        );
    }
  }

  /** Checks an unsubscribe link without acting on it (GET: mail scanners follow links). */
  async checkUnsubscribe(token: string): Promise<{ subscribed: boolean }> {
    const claims = this.links.signer.verifyUnsubscribe(token);
    return { subscribed: await this.subscriptions.emailExists(claims.subscriptionId) };
  }

  /** Deletes the subscription of an unsubscribe link; idempotent. */
  async unsubscribe(token: string): Promise<void> {
    const claims = this.links.signer.verifyUnsubscribe(token);
    await this.subscriptions.deleteEmail(claims.subscriptionId);
  }
}
