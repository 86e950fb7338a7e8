import { ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { isDuplicateContent, outcomeOfXError } from './x-outcome';

const NOW = 1_800_000_000_000;

function answer(
  code: number,
  options: { headers?: Record<string, string>; data?: unknown } = {},
): ApiResponseError {
  const headers = options.headers ?? {};
  const rateLimit = headers['x-rate-limit-limit']
    ? {
        limit: Number(headers['x-rate-limit-limit']),
        remaining: Number(headers['x-rate-limit-remaining']),
        reset: Number(headers['x-rate-limit-reset']),
        ...(headers['x-user-limit-24hour-limit']
          ? {
              userDay: {
                limit: Number(headers['x-user-limit-24hour-limit']),
                remaining: Number(headers['x-user-limit-24hour-remaining']),
                reset: Number(headers['x-user-limit-24hour-reset']),
              },
            }
          : {}),
      }
    : undefined;
  return new ApiResponseError(`Request failed with code ${code}`, {
    code,
    data: options.data ?? { title: 'x', detail: 'refused' },
    headers,
    rateLimit,
    request: {} as never,
    response: {} as never,
  });
}

describe(outcomeOfXError.name, () => {
  it('429: everyone waits until the reset X reports, without using an attempt', () => {
    const reset = NOW / 1000 + 90;
    const sut = outcomeOfXError(
      answer(429, {
        headers: {
          'x-rate-limit-limit': '100',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(reset),
        },
      }),
      'post',
      NOW,
    );
    expect(sut).toEqual({
      kind: 'transient',
      reason: 'post: X rate limit (429)',
      scope: 'provider',
      retryAfterMs: 90_000,
    });
  });

  it("429 on the account's 24-hour cap at X: a dead letter, not hours of waiting", () => {
    const sut = outcomeOfXError(
      answer(429, {
        headers: {
          'x-rate-limit-limit': '100',
          'x-rate-limit-remaining': '50',
          'x-rate-limit-reset': String(NOW / 1000 + 60),
          'x-user-limit-24hour-limit': '17',
          'x-user-limit-24hour-remaining': '0',
          'x-user-limit-24hour-reset': String(NOW / 1000 + 3600),
        },
      }),
      'post',
      NOW,
    );
    expect(sut).toEqual({
      kind: 'permanent',
      reason: "post: X's 24-hour post cap of the account (17) reached, resets in 60 min: not posted",
    });
  });

  it('5xx and network errors: X unavailable, everyone waits with backoff', () => {
    expect(outcomeOfXError(answer(503), 'post', NOW)).toMatchObject({ kind: 'transient', scope: 'provider' });
    const network = new ApiRequestError('socket hang up', {
      request: {} as never,
      error: new Error('socket hang up'),
    });
    expect(outcomeOfXError(network, 'post', NOW)).toMatchObject({ kind: 'transient', scope: 'provider' });
  });

  it.each([400, 401, 403])('%i: refused for good (dead letter)', (code) => {
    expect(outcomeOfXError(answer(code), 'post', NOW)).toEqual({
      kind: 'permanent',
      reason: `post: X refused with ${code}: refused`,
    });
  });

  it('recognises the duplicate-content refusal', () => {
    const duplicate = answer(403, {
      data: { detail: 'You are not allowed to create a Tweet with duplicate content.' },
    });
    expect(isDuplicateContent(duplicate)).toBe(true);
    expect(isDuplicateContent(answer(403))).toBe(false);
  });
});
