import { Injectable } from '@nestjs/common';
import { AudienceRepository, type SubscriptionChannel } from '@childalert/audience';
import type { AudienceInput, AudienceStream, RecipientSource } from './recipient-source';

/** Public subscribers (e-mail, web push, mobile) whose area and language match the version. */
@Injectable()
export class SubscriberRecipients implements RecipientSource {
  constructor(private readonly audience: AudienceRepository) {}

  /** Fixed at the subscriptions that exist now, so both passes see the same people. */
  async audienceOf({ channel, target, batchSize }: AudienceInput): Promise<AudienceStream> {
    const subscriptionChannel = channel as SubscriptionChannel;
    const upTo = await this.audience.highWatermark(subscriptionChannel);
    return () =>
      this.audience.streamRecipients({
        channel: subscriptionChannel,
        area: target.area,
        languages: target.languages,
        testAudienceOnly: target.exercise,
        batchSize,
        upTo,
      });
  }
}
