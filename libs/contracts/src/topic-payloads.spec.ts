import { randomUUID } from 'node:crypto';
import { parsePayload } from './topic-payloads';
import { ALL_TOPICS, Topic, deadLetterTopicOf } from './topics';

describe('parsePayload', () => {
  const event = {
    eventId: randomUUID(),
    alertId: randomUUID(),
    version: 1,
    type: 'activated',
    occurredAt: '2026-11-23T15:04:05+00:00',
    exercise: false,
    capIdentifier: 'urn:childalert:1',
  };

  it('accepts a valid lifecycle event', () => {
    const sut = parsePayload(Topic.AlertsLifecycle, JSON.stringify(event));
    expect(sut).toEqual({ ok: true, value: event });
  });

  it('names every field that is wrong', () => {
    const sut = parsePayload(Topic.AlertsLifecycle, JSON.stringify({ ...event, version: 0, type: 'lost' }));
    expect(sut.ok).toBe(false);
    if (!sut.ok) {
      expect(sut.reason).toContain('version');
      expect(sut.reason).toContain('type');
    }
  });

  it('refuses bytes that are not JSON', () => {
    expect(parsePayload(Topic.AlertsLifecycle, Buffer.from('{oops'))).toEqual({
      ok: false,
      reason: expect.stringContaining('not JSON'),
    });
  });

  it('refuses an empty value', () => {
    expect(parsePayload(Topic.DeliveryReceipts, null)).toEqual({ ok: false, reason: 'empty message value' });
  });
});

describe('deadLetterTopicOf', () => {
  it('keeps the version last', () => {
    expect(deadLetterTopicOf(Topic.DispatchEmail)).toBe('dispatch.email.dlq.v1');
  });

  it('gives every topic a distinct dead-letter topic', () => {
    const names = new Set(ALL_TOPICS.map(deadLetterTopicOf));
    expect(names.size).toBe(ALL_TOPICS.length);
  });
});
