import { outcomeOfStatus } from './webhook-response';

describe('outcomeOfStatus', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it('delivers on any 2xx', () => {
    for (const status of [200, 201, 202, 204])
      expect(outcomeOfStatus(status, {}, '', now)).toEqual({ kind: 'delivered' });
  });

  it('disables the broadcaster on 410 Gone', () => {
    expect(outcomeOfStatus(410, {}, 'gone', now)).toEqual({
      kind: 'permanent',
      reason: '410 gone',
      removeSubscription: true,
    });
  });

  it('waits on 429 and 503 for this broadcaster only, as long as Retry-After says', () => {
    expect(outcomeOfStatus(429, { 'retry-after': '7' }, '', now)).toEqual({
      kind: 'transient',
      reason: '429',
      scope: 'recipient',
      retryAfterMs: 7000,
    });
    expect(outcomeOfStatus(503, { 'retry-after': 'Mon, 23 Nov 2026 12:00:30 GMT' }, '', now)).toMatchObject({
      scope: 'recipient',
      retryAfterMs: 30_000,
    });
  });

  it('retries 5xx and fixable 4xx, refuses for good what a resend cannot change', () => {
    expect(outcomeOfStatus(500, {}, '', now)).toEqual({
      kind: 'transient',
      reason: '500',
      scope: 'recipient',
    });
    expect(outcomeOfStatus(404, {}, '', now)).toMatchObject({ kind: 'transient' });
    expect(outcomeOfStatus(401, {}, '', now)).toMatchObject({ kind: 'transient' });
    expect(outcomeOfStatus(400, {}, 'bad', now)).toEqual({ kind: 'permanent', reason: '400 bad' });
    expect(outcomeOfStatus(413, {}, '', now)).toEqual({ kind: 'permanent', reason: '413' });
  });
});
