// What the loopback receivers got, per channel, recipient and alert version,
// and the invariants a fault must never break: everyone intended got exactly
// one message per published version (a resend after a crash carries the same
// identity, which receivers dedupe), nobody outside the audience got one, and
// nobody got the alert after its resolution.
import { Kafka, logLevel } from 'kafkajs';
import { alertMailIdOf } from '../../pipeline/support/smtp-inbox';
import type { DashboardChannel, Scenario, ScenarioChannel } from './scenario.harness';

export type Channel = ScenarioChannel;

/** One message as a receiver saw it. */
interface Arrival {
  recipientId: string;
  version: number;
  /** The provider-side identity: Message-ID, or the push Topic with the version. */
  identity: string;
  /** Order of arrival at its receiver. */
  order: number;
}

function arrivalsOf(scenario: Scenario, channel: Channel, alertId: string): Arrival[] {
  switch (channel) {
    case 'email':
      return scenario.inbox.mails.flatMap((mail) => {
        const id = alertMailIdOf(mail);
        return id?.alertId === alertId
          ? [{ recipientId: id.recipientId, version: id.version, identity: mail.messageId, order: mail.seq }]
          : [];
      });
    case 'webpush': {
      const idOf = new Map(scenario.pushSubscribers.map((s) => [s.subscription.token, s.id]));
      return scenario.push.received.flatMap((push, order) =>
        push.payload.alertId === alertId
          ? [
              {
                recipientId: idOf.get(push.token) ?? `unknown token ${push.token}`,
                version: Number(push.payload.version),
                identity: `${push.topic}/v${String(push.payload.version)}`,
                order,
              },
            ]
          : [],
      );
    }
    case 'mobile': {
      // FCM has no message id: a resend carries the same collapse key, which replaces it on the device.
      const idOf = new Map(scenario.mobileSubscribers.map((s) => [s.token, s.id]));
      return scenario.fcm.received.flatMap(({ token, message }, order) =>
        message.data.alertId === alertId
          ? [
              {
                recipientId: idOf.get(token) ?? `unknown token ${token}`,
                version: Number(message.data.version),
                identity: `${message.android.collapse_key}/v${message.data.version}`,
                order,
              },
            ]
          : [],
      );
    }
    case 'partner': {
      // A partner system recognises a repeat by the CAP identifier; only what verified counts.
      const idOf = new Map(scenario.partners.map((p) => [p.country, p.id]));
      return scenario.partnerSystems.arrivals.items.flatMap((arrival, order) => {
        const published = scenario.capVersions.get(arrival.identifier);
        return published?.alertId === alertId && arrival.signatureValid && arrival.apiKeyValid
          ? [
              {
                recipientId: idOf.get(arrival.country) ?? `unknown country ${arrival.country}`,
                version: published.version,
                identity: arrival.identifier,
                order,
              },
            ]
          : [];
      });
    }
    case 'broadcast': {
      const idOf = new Map(scenario.broadcasters.map((b) => [b.path, b.id]));
      return scenario.newsrooms.arrivals.items.flatMap((hook, order) =>
        hook.json?.alertId === alertId
          ? [
              {
                recipientId: idOf.get(hook.path) ?? `unknown newsroom ${hook.path}`,
                version: Number(hook.json.version),
                identity: hook.webhookId,
                order,
              },
            ]
          : [],
      );
    }
  }
}

/** Recipients with at least one message of this version. */
export function reached(scenario: Scenario, channel: Channel, alertId: string, version: number): Set<string> {
  return new Set(
    arrivalsOf(scenario, channel, alertId)
      .filter((a) => a.version === version)
      .map((a) => a.recipientId),
  );
}

/** Polls until every expected recipient has this version on every channel. */
export async function untilReached(
  scenario: Scenario,
  alertId: string,
  version: number,
  /** The channels to wait for, each with its recipients. */
  expected: Partial<Record<Channel, Set<string>>>,
  timeoutMs = 240_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = (Object.keys(expected) as Channel[]).map((channel) => {
      const got = reached(scenario, channel, alertId, version);
      return [channel, [...(expected[channel] ?? [])].filter((id) => !got.has(id)).length] as const;
    });
    if (missing.every(([, count]) => count === 0)) return;
    if (Date.now() > deadline)
      throw new Error(
        `v${version} still missing after ${timeoutMs} ms: ${JSON.stringify(Object.fromEntries(missing))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface Tally {
  /** Messages that reached a receiver a second time with the same identity (a resend of a send in doubt). */
  wireDuplicates: number;
}

/**
 * The contract, for one channel of one alert: `expected` maps each published
 * version to the recipients it was meant for.
 */
export function expectExactlyOnce(
  scenario: Scenario,
  channel: Channel,
  alertId: string,
  expected: Map<number, Set<string>>,
): Tally {
  const arrivals = arrivalsOf(scenario, channel, alertId);
  const identities = new Map<string, Set<string>>();
  for (const a of arrivals) {
    const key = `${a.recipientId} v${a.version}`;
    identities.set(key, (identities.get(key) ?? new Set()).add(a.identity));
  }
  const problems: string[] = [];
  for (const [version, recipients] of expected) {
    for (const id of recipients) {
      const got = identities.get(`${id} v${version}`)?.size ?? 0;
      if (got !== 1) problems.push(`${channel} ${id} v${version}: ${got} distinct messages`);
    }
  }
  for (const a of arrivals) {
    if (!expected.get(a.version)?.has(a.recipientId))
      problems.push(`${channel} ${a.recipientId} v${a.version}: not meant for them`);
  }
  // Nobody gets the alert after its resolution: every v1 arrival of a person comes before their first v2.
  const lastVersion = Math.max(...expected.keys());
  const firstEnding = new Map<string, number>();
  for (const a of arrivals)
    if (a.version === lastVersion && !firstEnding.has(a.recipientId)) firstEnding.set(a.recipientId, a.order);
  for (const a of arrivals) {
    const ending = firstEnding.get(a.recipientId);
    if (a.version < lastVersion && ending !== undefined && a.order > ending)
      problems.push(`${channel} ${a.recipientId}: v${a.version} arrived after the resolution`);
  }
  expect(problems.slice(0, 20)).toEqual([]);
  const distinct = [...identities.values()].reduce((sum, set) => sum + set.size, 0);
  return { wireDuplicates: arrivals.length - distinct };
}

/** The dashboard's counts match what the receivers got, and nothing is left pending. */
export function expectDashboard(
  channels: DashboardChannel[],
  channel: Channel,
  expected: Map<number, { delivered: number; failed: number }>,
): void {
  const progress = channels.find((c) => c.channel === channel);
  for (const [version, counts] of expected) {
    const row = progress?.versions.find((v) => v.version === version);
    expect({ channel, version, ...pick(row) }).toEqual({
      channel,
      version,
      planned: counts.delivered + counts.failed,
      delivered: counts.delivered,
      failed: counts.failed,
      pending: 0,
      retrying: 0,
    });
  }
}

function pick(row: DashboardChannel['versions'][number] | undefined) {
  return {
    planned: row?.planned,
    delivered: row?.delivered,
    failed: row?.failed,
    pending: row?.pending,
    retrying: row?.retrying,
  };
}

/** The recipient ids in a channel's dead-letter topic for this alert (one recipient per dead letter). */
export async function deadLettered(scenario: Scenario, channel: Channel, alertId: string): Promise<string[]> {
  const kafka = new Kafka({
    clientId: 'resilience-dlq',
    brokers: [scenario.broker.brokers],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = `${scenario.prefix}dispatch.${channel}.dlq.v1`;
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
  await admin.disconnect();
  const total = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  if (total === 0) return [];
  const consumer = kafka.consumer({ groupId: `resilience-dlq-${Date.now()}`, maxWaitTimeInMs: 100 });
  const ids: string[] = [];
  let seen = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${seen} of ${total} dead letters`)), 20_000);
    void consumer.run({
      eachMessage: ({ message }) => {
        seen += 1;
        const batch = JSON.parse(message.value?.toString() ?? '{}') as {
          alertId?: string;
          recipients?: { id: string }[];
        };
        if (batch.alertId === alertId) ids.push(...(batch.recipients ?? []).map((r) => r.id));
        if (seen >= total) {
          clearTimeout(timer);
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return ids.sort();
}
