import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AudienceRepository, type WebpushContact } from '@childalert/audience';
import {
  type ChannelAdapter,
  outcomeOfNetworkError,
  DeliveryRecipient,
  PublishedVersion,
  SendContext,
  SendOutcome,
} from '@childalert/delivery';
import { type PreparedPush, preparePush, ttlSecondsOf } from './payload/push-payload';
import { decodePushKeys, encryptPush } from './push/push-encryption';
import { outcomeOfStatus } from './push/push-response';
import { PushTransport } from './push/push-transport';
import { VapidHeaderCache } from './vapid/vapid-header.cache';
import { WEBPUSH_SETTINGS, type WebpushSettings } from './webpush.settings';

/**
 * The web push channel (RFC 8030/8291/8292): per message a fresh ECDH key
 * and aes128gcm encryption (encryptPush), the VAPID header cached per
 * push-service origin, one HTTP/2 session per origin (keep-alive HTTP/1.1
 * agents for a service that does not speak it), and
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
  private readonly transport: PushTransport;

  constructor(
    private readonly audience: AudienceRepository,
    @Inject(WEBPUSH_SETTINGS) private readonly settings: WebpushSettings,
  ) {
    this.vapid = new VapidHeaderCache(settings.vapid, settings.vapidTokenTtlSeconds);
    this.transport = new PushTransport({
      http2: settings.http2,
      timeoutMs: settings.timeoutMs,
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
    if (endpoint.protocol !== 'https:' || !this.transport.addressAllowed(endpoint.hostname))
      return { kind: 'permanent', reason: `endpoint not allowed: ${endpoint.origin}` };
    const origin = endpoint.origin;
    let body: Buffer;
    try {
      body = encryptPush(decodePushKeys(contact.keys), content.plaintext);
    } catch (error) {
      // Bad keys in the subscription: no browser can decrypt what we would send.
      return {
        kind: 'permanent',
        reason: `cannot encrypt: ${(error as Error).message}`,
        removeSubscription: true,
      };
    }
    // RFC 8030 §5 and RFC 8292 §3, written directly (web-push's generateRequestDetails
    // validated its options and re-decoded the keys on every call).
    // Lower case: HTTP/2 requires it, and HTTP/1.1 does not mind.
    const headers: Record<string, string | number> = {
      ttl: ttlSecondsOf(content, this.settings.closureTtlSeconds),
      authorization: this.vapid.headerFor(origin),
      'content-length': body.length,
      'content-type': 'application/octet-stream',
      'content-encoding': 'aes128gcm',
      urgency: 'high',
      topic: content.topic,
    };
    let outcome: SendOutcome;
    try {
      const response = await this.transport.post(endpoint, headers, body);
      outcome = outcomeOfStatus(response.statusCode, response.headers, response.body);
      if (response.statusCode === 401 || response.statusCode === 403) this.vapid.invalidate(origin);
      if (response.statusCode === 413) {
        this.logger.error(
          `BUG: ${origin} refused the ${content.language} payload of ${context.alertId} v${context.version} as too large ` +
            `(${content.plaintext.length} bytes plaintext, ${body.length} encrypted): fix the payload size`,
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
    this.transport.close();
  }
}
