import { outcomeOfNetworkError, retryAfterMsOf } from './http-answers';

describe('HTTP answers', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it('reads Retry-After as seconds or a date, ignoring nonsense', () => {
    expect(retryAfterMsOf('120', now)).toBe(120_000);
    expect(retryAfterMsOf('0', now)).toBe(0);
    expect(retryAfterMsOf('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMsOf('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMsOf('soon', now)).toBeUndefined();
    expect(retryAfterMsOf(undefined, now)).toBeUndefined();
  });

  it('retries network trouble for the recipient, refuses non-public hosts for good', () => {
    expect(
      outcomeOfNetworkError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toEqual({ kind: 'transient', reason: 'connect ECONNREFUSED', scope: 'recipient' });
    expect(outcomeOfNetworkError(Object.assign(new Error('x'), { code: 'ENOTPUBLIC' }))).toMatchObject({
      kind: 'permanent',
    });
  });
});
