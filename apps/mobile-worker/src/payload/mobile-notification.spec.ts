import { AlertFixtures } from '@childalert/alerts';
import type { PublishedVersion } from '@childalert/delivery';
import { messageFor, prepareMobile, ttlSecondsOf } from './mobile-notification';

const options = {
  publicBaseUrl: 'https://amber.example.gr',
  timeZone: 'Europe/Athens',
  androidChannelId: 'child_alerts',
  closureTtlSeconds: 86_400,
};
const now = Date.UTC(2026, 10, 23, 12, 0, 0);

function published(kind: 'content' | 'closure'): PublishedVersion {
  const content = { ...AlertFixtures.anAlertContent(), expiresAt: new Date(now + 2 * 3600_000) };
  const alertId = '6f1d2c3b-4a59-4e7f-8a9b-0c1d2e3f4a5b';
  const base = {
    alertId,
    contentHash: '',
    createdAt: new Date(now),
    createdBy: { userId: 'u', organisationId: 'o' },
  };
  return kind === 'content'
    ? {
        alertId,
        version: 1,
        eventType: 'activated',
        exercise: false,
        alertVersion: { ...base, kind: 'content', version: 1, content },
      }
    : {
        alertId,
        version: 2,
        eventType: 'resolved',
        exercise: false,
        alertVersion: {
          ...base,
          kind: 'closure',
          version: 2,
          content: { outcome: 'found_safe', languages: ['el', 'en'], area: content.area, exercise: false },
        },
      };
}

describe('messageFor', () => {
  it('builds a high-priority FCM message with notification, string data, Android channel and time-sensitive APNs', () => {
    const version = published('content');
    const prepared = prepareMobile(version, 'en', options);

    const sut = messageFor(prepared, 'device-token-0123456789', options, now);

    const collapse = `childalert-${version.alertId}`;
    const image = `https://amber.example.gr/v1/alerts/${version.alertId}/photos/${AlertFixtures.FIXTURE_PHOTO_ID}/email`;
    expect(sut.token).toBe('device-token-0123456789');
    expect(sut.notification).toEqual({ title: prepared.title, body: prepared.body, imageUrl: image });
    expect(sut.data).toEqual({
      alertId: version.alertId,
      version: '1',
      language: 'en',
      url: `https://amber.example.gr/alerts/${version.alertId}`,
      event: 'activated',
      exercise: 'false',
    });
    expect(sut.android).toMatchObject({
      priority: 'high',
      ttl: 2 * 3600 * 1000,
      collapseKey: collapse,
      notification: { channelId: 'child_alerts', tag: collapse, priority: 'max', visibility: 'public' },
    });
    expect(sut.apns?.headers).toEqual({
      'apns-priority': '10',
      'apns-push-type': 'alert',
      'apns-expiration': String(now / 1000 + 2 * 3600),
      'apns-collapse-id': collapse,
    });
    expect(sut.apns?.payload?.aps).toMatchObject({
      'interruption-level': 'time-sensitive',
      mutableContent: true,
    });
  });

  it('sends an ending without photo or name, for the fixed closure TTL, under the same collapse id', () => {
    const version = published('closure');
    const prepared = prepareMobile(version, 'el', options);

    const sut = messageFor(prepared, 'device-token-0123456789', options, now);

    expect(sut.notification?.imageUrl).toBeUndefined();
    expect(sut.android?.ttl).toBe(86_400_000);
    expect(sut.android?.collapseKey).toBe(`childalert-${version.alertId}`);
    expect(JSON.stringify(sut)).not.toContain(AlertFixtures.anAlertContent().child.name);
    expect(sut.data).toMatchObject({ event: 'resolved', version: '2', language: 'el' });
  });

  it('never gives a negative TTL once the alert expired', () => {
    const prepared = prepareMobile(published('content'), 'en', options);
    expect(ttlSecondsOf(prepared, 100, now + 3 * 3600_000)).toBe(0);
    expect(
      messageFor(prepared, 'device-token-0123456789', options, now + 3 * 3600_000).apns?.headers,
    ).toMatchObject({
      'apns-expiration': '0',
    });
  });
});
