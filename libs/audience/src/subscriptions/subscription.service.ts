import { Inject, Injectable } from '@nestjs/common';
import { type AuditActor, AuditService } from '@childalert/audit';
import { type Database, DATABASE } from '@childalert/persistence';
import type { SubscriberArea } from '../area/area.types';
import { AUDIENCE_OPTIONS, type ResolvedAudienceOptions } from '../audience.options';
import { AudienceError, AudienceErrorCode } from '../errors/audience.error';
import { checkPushKeys, endpointProblem, FCM_TOKEN_PATTERN } from '../push/endpoint-policy';
import { SubscriptionsRepository, type TestAudienceEntry } from '../repository/subscriptions.repository';
import type { SubscriptionChannel } from '../subscription-channel';
import { checkedArea, checkedLanguages } from './subscription-input';

export interface WebpushSubscribeInput {
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  languages: string[];
  area: SubscriberArea;
}

export interface MobileSubscribeInput {
  token: string;
  platform: 'android' | 'ios' | 'web';
  languages: string[];
  area: SubscriberArea;
}

export interface SubscriptionCreated {
  id: string;
}

/**
 * Web push and mobile subscriptions, and the test-audience flag. What a
 * browser or app holds proves the subscription is its own: the push endpoint
 * (a capability URL the push service made) and the FCM token. Unsubscribing
 * takes that, never an id, and answers the same whether or not it existed.
 */
@Injectable()
export class SubscriptionService {
  constructor(
    @Inject(AUDIENCE_OPTIONS) private readonly options: ResolvedAudienceOptions,
    private readonly subscriptions: SubscriptionsRepository,
    @Inject(DATABASE) private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async subscribeWebpush(input: WebpushSubscribeInput): Promise<SubscriptionCreated> {
    const endpoint = input.subscription.endpoint.trim();
    const problem = endpointProblem(endpoint, { allowPrivateEndpoints: this.options.allowPrivateEndpoints });
    if (problem) throw new AudienceError(AudienceErrorCode.InvalidSubscription, problem);
    const keys = checkPushKeys(input.subscription.keys.p256dh, input.subscription.keys.auth);
    if ('problem' in keys) throw new AudienceError(AudienceErrorCode.InvalidSubscription, keys.problem);
    const id = await this.subscriptions.upsertWebpush({
      endpoint,
      p256dh: keys.p256dh,
      auth: keys.auth,
      languages: checkedLanguages(input.languages),
      area: checkedArea(input.area),
    });
    return { id };
  }

  async unsubscribeWebpush(endpoint: string): Promise<void> {
    await this.subscriptions.deleteWebpushByEndpoint(endpoint.trim());
  }

  async subscribeMobile(input: MobileSubscribeInput): Promise<SubscriptionCreated> {
    const token = checkedToken(input.token);
    const id = await this.subscriptions.upsertMobile({
      token,
      platform: input.platform,
      languages: checkedLanguages(input.languages),
      area: checkedArea(input.area),
    });
    return { id };
  }

  async unsubscribeMobile(token: string): Promise<void> {
    await this.subscriptions.deleteMobileByToken(checkedToken(token));
  }

  /** Marks or unmarks a subscription as test audience; audited in the same transaction. */
  async setTestAudience(
    actor: AuditActor,
    channel: SubscriptionChannel,
    id: string,
    testAudience: boolean,
  ): Promise<void> {
    if (!/^[1-9]\d{0,15}$/.test(id)) throw notFound(channel, id);
    await this.db.transaction(async (tx) => {
      const found = await this.subscriptions.setTestAudience(channel, id, testAudience, tx);
      if (!found) throw notFound(channel, id);
      await this.audit.record(
        {
          actor,
          action: testAudience ? 'subscription.test_audience.added' : 'subscription.test_audience.removed',
          subject: { type: `${channel}_subscription`, id },
        },
        tx,
      );
    });
  }

  listTestAudience(): Promise<TestAudienceEntry[]> {
    return this.subscriptions.listTestAudience();
  }
}

function checkedToken(token: string): string {
  const trimmed = token.trim();
  if (!FCM_TOKEN_PATTERN.test(trimmed)) {
    throw new AudienceError(
      AudienceErrorCode.InvalidSubscription,
      'token must be the FCM registration token of the app (20 to 4096 characters: letters, digits, _ : . -)',
    );
  }
  return trimmed;
}

function notFound(channel: SubscriptionChannel, id: string): AudienceError {
  return new AudienceError(AudienceErrorCode.SubscriptionNotFound, `no ${channel} subscription ${id}`);
}
