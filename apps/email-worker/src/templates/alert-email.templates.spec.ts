import { AlertFixtures, type AlertContent } from '@childalert/alerts';
import type { PublishedVersion } from '@childalert/delivery';
import { AlertEmailTemplates } from './alert-email.templates';

const ALERT_ID = AlertFixtures.FIXTURE_ALERT_ID;

function published(
  version: number,
  eventType: PublishedVersion['eventType'],
  content: AlertContent,
  previous?: AlertContent,
): PublishedVersion {
  const base = {
    alertId: ALERT_ID,
    contentHash: 'h',
    createdAt: new Date(0),
    createdBy: { userId: 'u', organisationId: 'o' },
  };
  return {
    alertId: ALERT_ID,
    version,
    eventType,
    exercise: false,
    alertVersion: { ...base, version, kind: 'content', content },
    previous: previous ? { ...base, version: version - 1, kind: 'content', content: previous } : undefined,
  };
}

describe(AlertEmailTemplates.name, () => {
  const sut = new AlertEmailTemplates({
    from: 'Child Alert <alerts@example.org>',
    messageIdDomain: 'example.org',
    publicBaseUrl: 'https://alerts.example.org',
    signingSecret: 'x'.repeat(32),
    timeZone: 'UTC',
  });
  const content = AlertFixtures.anAlertContent();

  it('renders the alert with the photo, what to do, the police and 116 000, and the recipient’s own link', () => {
    const prepared = sut.prepare(published(1, 'activated', content), 'en');
    const body = sut.personalise(
      prepared,
      'https://alerts.example.org/v1/subscriptions/email/unsubscribe?token=a&b',
    );

    expect(prepared.subject).toBe(`AMBER Alert: ${content.texts.en.headline}`);
    expect(body.html).toContain(
      `https://alerts.example.org/v1/alerts/${ALERT_ID}/photos/${AlertFixtures.FIXTURE_PHOTO_ID}/email`,
    );
    expect(body.text).toContain('116 000');
    expect(body.text).toContain(content.policeContact.phone);
    expect(body.text).toContain('unsubscribe?token=a&b');
    expect(body.html).toContain('unsubscribe?token=a&amp;b');
    expect(body.text).not.toContain('unsubscribe.invalid');
  });

  it('says what an update changed', () => {
    const updated = {
      ...content,
      vehicle: { ...content.vehicle, colour: 'dark blue' },
      lastSeen: { ...content.lastSeen, at: new Date('2026-03-01T11:00:00Z') },
    };
    const prepared = sut.prepare(published(2, 'updated', updated, content), 'en');

    expect(prepared.subject).toContain('UPDATE');
    expect(prepared.text).toContain('What changed in this update: Last seen, Vehicle.');
    expect(prepared.html).toContain(
      '<p><strong>What changed in this update: Last seen, Vehicle.</strong></p>',
    );
  });

  it('says FOUND SAFE on a resolution, with nothing personal', () => {
    const closure: PublishedVersion = {
      alertId: ALERT_ID,
      version: 3,
      eventType: 'resolved',
      exercise: false,
      alertVersion: {
        alertId: ALERT_ID,
        version: 3,
        kind: 'closure',
        content: { outcome: 'found_safe', languages: ['el', 'en'], area: content.area, exercise: false },
        contentHash: 'h',
        createdAt: new Date(0),
        createdBy: { userId: 'u', organisationId: 'o' },
      },
    };
    const prepared = sut.prepare(closure, 'en');

    expect(prepared.subject).toBe('AMBER Alert: FOUND SAFE');
    expect(prepared.text).not.toContain(content.child.name);
  });
});
