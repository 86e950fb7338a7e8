import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AudienceRepository, type MobileContact } from '@childalert/audience';
import type {
  ChannelAdapter,
  DeliveryRecipient,
  PublishedVersion,
  SendContext,
  SendItem,
  SendOutcome,
} from '@childalert/delivery';
import { createFcmClient, type FcmClient } from './fcm/fcm-client';
import { outcomesOf } from './fcm/fcm-outcome';
import { MOBILE_SETTINGS, type MobileSettings } from './mobile.settings';
import { messageFor, type PreparedMobile, prepareMobile } from './payload/mobile-notification';

const NOT_CONFIGURED_REASON =
  'FCM is not configured: set FCM_SERVICE_ACCOUNT_JSON or GOOGLE_APPLICATION_CREDENTIALS';
const NOT_CONFIGURED: SendOutcome = { kind: 'permanent', reason: NOT_CONFIGURED_REASON };

/**
 * The mobile channel: FCM through firebase-admin's sendEach, up to 500
 * devices a call (the runner groups ready sends through `sendMany`). The
 * notification is rendered once per version and language; the token is the
 * only per-device part. FCM has no idempotency key: the one resend a crash
 * can cause (see DeliveryLedger) carries the same Android tag, collapse key
 * and APNs collapse id, so it replaces its twin on the device.
 */
@Injectable()
export class MobileChannelAdapter implements ChannelAdapter<MobileContact, PreparedMobile>, OnModuleDestroy {
  readonly channel = 'mobile' as const;
  readonly sendManyLimit: number;
  private readonly logger = new Logger('MobileChannel');
  private readonly fcm: FcmClient | undefined;

  constructor(
    private readonly audience: AudienceRepository,
    @Inject(MOBILE_SETTINGS) private readonly settings: MobileSettings,
  ) {
    this.sendManyLimit = settings.batchSize;
    this.fcm = createFcmClient(settings);
    if (this.fcm === undefined)
      this.logger.warn(`${NOT_CONFIGURED_REASON} (development only): every mobile send fails until then`);
  }

  resolveRecipients(ids: readonly string[]): Promise<Map<string, MobileContact>> {
    return this.audience.loadRecipients('mobile', ids);
  }

  prepare(version: PublishedVersion, language: string): PreparedMobile {
    return prepareMobile(version, language, this.settings);
  }

  async send(
    recipient: DeliveryRecipient<MobileContact>,
    content: PreparedMobile,
    context: SendContext,
  ): Promise<SendOutcome> {
    const [outcome] = await this.sendMany([{ recipient, content, context }]);
    return outcome;
  }

  async sendMany(items: readonly SendItem<MobileContact, PreparedMobile>[]): Promise<SendOutcome[]> {
    if (this.fcm === undefined) return items.map(() => NOT_CONFIGURED);
    const now = Date.now();
    const messages = items.map((item) =>
      messageFor(item.content, item.recipient.contact.token, this.settings, now),
    );
    const answers = await this.fcm.sendEach(messages);
    const outcomes = outcomesOf(
      answers,
      items.map((item) => item.content),
      { quotaBackoffMs: this.settings.quotaBackoffMs },
    );
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'permanent' && !outcome.removeSubscription) {
        const { context, content } = items[i];
        this.logger.error(
          `FCM refused the ${content.language} notification of ${context.alertId} v${context.version}: ${outcome.reason}`,
        );
      }
    });
    return outcomes;
  }

  async removeSubscription(recipientId: string): Promise<void> {
    await this.audience.deleteSubscription('mobile', recipientId);
  }

  async onModuleDestroy(): Promise<void> {
    await this.fcm?.close();
  }
}
