import { outcomeOfStatus } from './push-response';

describe('outcomeOfStatus', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it('delivers on 201 and 202', () => {
    expect(outcomeOfStatus(201, {}, '', now)).toEqual({ kind: 'delivered' });
    expect(outcomeOfStatus(202, {}, '', now)).toEqual({ kind: 'delivered' });
  });

  it('deletes the subscription on 404 and 410', () => {
    expect(outcomeOfStatus(410, {}, 'gone', now)).toEqual({
      kind: 'permanent',
      reason: '410 gone',
      removeSubscription: true,
    });
    expect(outcomeOfStatus(404, {}, '', now)).toEqual({
      kind: 'permanent',
      reason: '404',
      removeSubscription: true,
    });
  });

  it('makes everyone wait on 429 and 503, for as long as Retry-After says', () => {
    expect(outcomeOfStatus(429, { 'retry-after': '7' }, '', now)).toEqual({
      kind: 'transient',
      reason: '429',
      scope: 'provider',
      retryAfterMs: 7000,
    });
    expect(outcomeOfStatus(503, { 'retry-after': 'Mon, 23 Nov 2026 12:00:30 GMT' }, '', now)).toMatchObject({
      scope: 'provider',
      retryAfterMs: 30_000,
    });
    expect(outcomeOfStatus(503, {}, '', now)).toEqual({
      kind: 'transient',
      reason: '503',
      scope: 'provider',
    });
  });

  it('fails 413 and other 4xx for good, retries 5xx and a refused VAPID token', () => {
    expect(outcomeOfStatus(413, {}, '', now)).toEqual({ kind: 'permanent', reason: '413' });
    expect(outcomeOfStatus(400, {}, 'bad', now)).toEqual({ kind: 'permanent', reason: '400 bad' });
    expect(outcomeOfStatus(500, {}, '', now)).toEqual({
      kind: 'transient',
      reason: '500',
      scope: 'recipient',
    });
    expect(outcomeOfStatus(401, {}, '', now)).toMatchObject({ kind: 'transient' });
  });
});
