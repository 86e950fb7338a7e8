import { Injectable } from '@nestjs/common';
import type { Channel } from '@childalert/contracts';
import { BroadcastRecipients } from './broadcast.recipients';
import { PartnerRecipients } from './partner.recipients';
import type { RecipientSource } from './recipient-source';
import { SocialRecipients } from './social.recipients';
import { SubscriberRecipients } from './subscriber.recipients';

/** Which source answers for each channel. A channel without one is logged and not dispatched. */
@Injectable()
export class RecipientSources {
  private readonly byChannel: Partial<Record<Channel, RecipientSource>>;

  constructor(
    subscribers: SubscriberRecipients,
    broadcasters: BroadcastRecipients,
    social: SocialRecipients,
    partners: PartnerRecipients,
  ) {
    this.byChannel = {
      email: subscribers,
      webpush: subscribers,
      mobile: subscribers,
      broadcast: broadcasters,
      social,
      partner: partners,
    };
  }

  sourceFor(channel: Channel): RecipientSource | undefined {
    return this.byChannel[channel];
  }
}
