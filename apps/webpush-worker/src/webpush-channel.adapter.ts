import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AudienceRepository, type WebpushContact } from '@childalert/audience';
import type {
  ChannelAdapter,
  DeliveryRecipient,
  PublishedVersion,
  SendContext,
  SendOutcome,
} from '@childalert/delivery';
import { generateRequestDetails, type RequestOptions } from 'web-push';
import { type PreparedPush, preparePush, ttlSecondsOf } from './payload/push-payload';
import { PushAgents } from './push/push-agents';
import { postPush } from './push/push-request';
import { outcomeOfNetworkError, outcomeOfStatus } from './push/push-response';
import { VapidHeaderCache } from './vapid/vapid-header.cache';
import { WEBPUSH_SETTINGS, type WebpushSettings } from './webpush.settings';

/**
 * The web push channel (RFC 8030/8291/8292): per message a fresh ECDH key
 * and aes128gcm encryption (web-push's `generateRequestDetails`), the VAPID
 * header cached per push-service origin, keep-alive agents per origin, and
 * TTL (the alert's expiry), `Urgency: high` and a per-alert `Topic`, so an
 * update or ending replaces an older message still queued at the push
 * service (and the one resend a crash can cause, see DeliveryLedger, replaces
 * its twin instead of showing twice).
 */
@Injectable()
export class WebpushChannelAdapter implements ChannelAdapter<WebpushContact, PreparedPush>, OnModuleDestroy {
  readonly channel = 'webpush' as const;
  private readonly logger = new Logger('WebpushChannel');
  private readonly vapid: VapidHeaderCache;
  private readonly agents: PushAgents;

  constructor(
    private readonly audience: AudienceRepository,
    @Inject(WEBPUSH_SETTINGS) private readonly settings: WebpushSettings,
  ) {
    this.vapid = new VapidHeaderCache(settings.vapid, settings.vapidTokenTtlSeconds);
    this.agents = new PushAgents({
      connectionsPerOrigin: settings.connectionsPerOrigin,
      allowPrivateAddresses: settings.allowPrivateEndpoints,
      ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
    });
  }

  resolveRecipients(ids: readonly string[]): Promise<Map<string, WebpushContact>> {
    return this.audience.loadRecipients('webpush', ids);
  }

  prepare(version: PublishedVersion, language: string): PreparedPush {
    return preparePush(version, language, {
      publicBaseUrl: this.settings.publicBaseUrl,
      timeZone: this.settings.timeZone,
    });
  }

  async send(
    recipient: DeliveryRecipient<WebpushContact>,
    content: PreparedPush,
    context: SendContext,
  ): Promise<SendOutcome> {
    const { contact } = recipient;
    let endpoint: URL;
    try {
      endpoint = new URL(contact.endpoint);
    } catch {
      return { kind: 'permanent', reason: 'endpoint is not a URL', removeSubscription: true };
    }
    if (endpoint.protocol !== 'https:' || !this.agents.addressAllowed(endpoint.hostname))
      return { kind: 'permanent', reason: `endpoint not allowed: ${endpoint.origin}` };
    const origin = endpoint.origin;
    let details: { headers: Record<string, string | number>; body: Buffer };
    try {
      const options = {
        // Our own cached header instead of a JWT signed per call.
        vapidDetails: null,
        headers: { Authorization: this.vapid.headerFor(origin) },
        TTL: ttlSecondsOf(content, this.settings.closureTtlSeconds),
        urgency: 'high',
        topic: content.topic,
        contentEncoding: 'aes128gcm',
      } as unknown as RequestOptions;
      details = generateRequestDetails(
        { endpoint: contact.endpoint, keys: contact.keys },
        content.plaintext,
        options,
      );
    } catch (error) {
      // Bad keys in the subscription: no browser can decrypt what we would send.
      return {
        kind: 'permanent',
        reason: `cannot encrypt: ${(error as Error).message}`,
        removeSubscription: true,
      };
    }
    let outcome: SendOutcome;
    try {
      const response = await postPush(
        endpoint,
        details.headers,
        details.body,
        this.agents.agentFor(origin),
        this.settings.timeoutMs,
      );
      outcome = outcomeOfStatus(response.statusCode, response.headers, response.body);
      if (response.statusCode === 401 || response.statusCode === 403) this.vapid.invalidate(origin);
      if (response.statusCode === 413) {
        this.logger.error(
          `BUG: ${origin} refused the ${content.language} payload of ${context.alertId} v${context.version} as too large ` +
            `(${content.plaintext.length} bytes plaintext, ${details.body.length} encrypted): fix the payload size`,
        );
      }
    } catch (error) {
      outcome = outcomeOfNetworkError(error);
    }
    return outcome;
  }

  async removeSubscription(recipientId: string): Promise<void> {
    await this.audience.deleteSubscription('webpush', recipientId);
  }

  onModuleDestroy(): void {
    this.agents.destroy();
  }
}
