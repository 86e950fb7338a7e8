import { Injectable } from '@nestjs/common';
import type { Channel } from '@childalert/contracts';
import type { RecipientSource } from './recipient-source';
import { SubscriberRecipients } from './subscriber.recipients';

/** Which source answers for each channel. A channel without one is logged and not dispatched. */
@Injectable()
export class RecipientSources {
  private readonly byChannel: Partial<Record<Channel, RecipientSource>>;

  constructor(subscribers: SubscriberRecipients) {
    this.byChannel = {
      email: subscribers,
      webpush: subscribers,
      mobile: subscribers,
    };
  }

  sourceFor(channel: Channel): RecipientSource | undefined {
    return this.byChannel[channel];
  }
}
