import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  type ChannelAdapter,
  type DeliveryRecipient,
  outcomeOfNetworkError,
  type PublishedVersion,
  type SendContext,
  type SendOutcome,
} from '@childalert/delivery';
import { BROADCAST_SETTINGS, type BroadcastSettings } from './broadcast.settings';
import {
  type BroadcastFormat,
  type BroadcasterContact,
  BroadcasterContactsRepository,
} from './broadcasters/broadcaster-contacts.repository';
import {
  BROADCAST_CAP_TYPE,
  BROADCAST_JSON_TYPE,
  type PreparedBroadcast,
  prepareBroadcast,
} from './payload/broadcast-payload';
import { PublicationReader } from './payload/publication.reader';
import { WebhookAgents } from './webhooks/webhook-agents';
import { postWebhook } from './webhooks/webhook-request';
import { outcomeOfStatus } from './webhooks/webhook-response';
import { secretKey, signWebhook } from './webhooks/webhook-signature';

/**
 * The media broadcaster channel: one Standard Webhooks POST per format the
 * broadcaster chose (the published CAP bytes, the JSON body), signed with
 * its secret. `webhook-id` is the delivery's idempotency key (plus the
 * format), the same on every attempt and after a crash, so a receiver that
 * dedupes on it shows a message once. A broadcaster with two formats is
 * delivered when both are accepted; a retry sends both again under the same
 * ids (the receiver drops the copy it has).
 */
@Injectable()
export class BroadcastChannelAdapter
  implements ChannelAdapter<BroadcasterContact, PreparedBroadcast>, OnModuleDestroy
{
  readonly channel = 'broadcast' as const;
  private readonly logger = new Logger('BroadcastChannel');
  private readonly agents: WebhookAgents;

  constructor(
    private readonly broadcasters: BroadcasterContactsRepository,
    private readonly publications: PublicationReader,
    @Inject(BROADCAST_SETTINGS) private readonly settings: BroadcastSettings,
  ) {
    this.agents = new WebhookAgents({
      connectionsPerOrigin: settings.connectionsPerOrigin,
      allowPrivateAddresses: settings.allowPrivateEndpoints,
      ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
    });
  }

  resolveRecipients(ids: readonly string[]): Promise<Map<string, BroadcasterContact>> {
    return this.broadcasters.load(ids);
  }

  async prepare(version: PublishedVersion, language: string): Promise<PreparedBroadcast> {
    const cap = await this.publications.read(version.alertId, version.version);
    return prepareBroadcast(version, cap, language, {
      publicBaseUrl: this.settings.publicBaseUrl,
      timeZone: this.settings.timeZone,
    });
  }

  async send(
    recipient: DeliveryRecipient<BroadcasterContact>,
    content: PreparedBroadcast,
    context: SendContext,
  ): Promise<SendOutcome> {
    const { contact } = recipient;
    let url: URL;
    try {
      url = new URL(contact.webhookUrl);
    } catch {
      return { kind: 'permanent', reason: 'webhook URL is not a URL' };
    }
    const refusal = this.agents.refusal(url);
    if (refusal !== undefined) return { kind: 'permanent', reason: `webhook URL not allowed: ${refusal}` };
    let keys: Buffer[];
    try {
      keys = contact.secrets.map(secretKey);
    } catch (error) {
      return { kind: 'permanent', reason: (error as Error).message };
    }
    for (const format of contact.formats) {
      const body = bodyOf(content, format);
      if (body === undefined)
        return { kind: 'permanent', reason: `no ${format} body: the CAP message was erased` };
      const id =
        contact.formats.length === 1 ? context.idempotencyKey : `${context.idempotencyKey}:${format}`;
      const headers = {
        ...signWebhook(keys, id, body.bytes),
        'Content-Type': `${body.type}; charset=utf-8`,
        'Content-Length': body.bytes.length,
        'User-Agent': 'childalert-broadcast/1',
      };
      let outcome: SendOutcome;
      try {
        const response = await postWebhook(
          url,
          headers,
          body.bytes,
          this.agents.agentFor(url),
          this.settings.timeoutMs,
        );
        outcome = outcomeOfStatus(response.statusCode, response.headers, response.body);
      } catch (error) {
        outcome = outcomeOfNetworkError(error);
      }
      if (outcome.kind !== 'delivered') return outcome;
    }
    return { kind: 'delivered' };
  }

  /** 410 Gone: disabled, not deleted (an admin sees why and may enable it again). */
  async removeSubscription(recipientId: string): Promise<void> {
    await this.broadcasters.disable(recipientId, 'the receiver answered 410 Gone');
    this.logger.warn(`broadcaster ${recipientId} disabled: its receiver answered 410 Gone`);
  }

  onModuleDestroy(): void {
    this.agents.destroy();
  }
}

function bodyOf(
  content: PreparedBroadcast,
  format: BroadcastFormat,
): { bytes: Buffer; type: string } | undefined {
  switch (format) {
    case 'cap':
      return content.cap === undefined ? undefined : { bytes: content.cap, type: BROADCAST_CAP_TYPE };
    case 'json':
      return { bytes: content.json, type: BROADCAST_JSON_TYPE };
  }
}
