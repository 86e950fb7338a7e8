import { answerOfError, type FcmAnswer, outcomesOf } from './fcm-outcome';

const options = { quotaBackoffMs: 60_000 };
const ok: FcmAnswer = { success: true };
const failed = (code: string, message = 'refused'): FcmAnswer => ({ success: false, code, message });

describe('outcomesOf', () => {
  it('deletes tokens FCM reports unregistered or invalid', () => {
    const sut = outcomesOf(
      [
        ok,
        failed('messaging/registration-token-not-registered'),
        failed('messaging/invalid-registration-token'),
        failed('messaging/invalid-argument', 'The registration token is not a valid FCM registration token'),
      ],
      ['el', 'el', 'el', 'el'],
      options,
    );
    expect(sut[0]).toEqual({ kind: 'delivered' });
    for (const outcome of sut.slice(1))
      expect(outcome).toMatchObject({ kind: 'permanent', removeSubscription: true });
  });

  it('blames the token for INVALID_ARGUMENT only when the same notification went through for another', () => {
    const bad = failed('messaging/invalid-argument', "Invalid value at 'message.data'");
    const [, withEvidence] = outcomesOf([ok, bad], ['el', 'el'], options);
    expect(withEvidence).toMatchObject({ kind: 'permanent', removeSubscription: true });

    // The Greek message went through, the English one never: the English message is at fault.
    const [, , english] = outcomesOf([ok, ok, bad], ['el', 'el', 'en'], options);
    expect(english).toEqual({ kind: 'permanent', reason: expect.stringContaining('not the token') });
  });

  it('deletes a token of another sender only while the credential works for others', () => {
    const mismatch = failed('messaging/mismatched-credential', 'SenderId mismatch');
    expect(outcomesOf([ok, mismatch], ['el', 'en'], options)[1]).toMatchObject({
      kind: 'permanent',
      removeSubscription: true,
    });
    expect(outcomesOf([mismatch, mismatch], ['el', 'el'], options)).toEqual([
      expect.objectContaining({ kind: 'transient', scope: 'provider' }),
      expect.objectContaining({ kind: 'transient', scope: 'provider' }),
    ]);
  });

  it('makes FCM-wide trouble wait for everyone, quota for the configured pause', () => {
    const [unavailable, quota, network, token] = outcomesOf(
      [
        failed('messaging/server-unavailable'),
        failed('messaging/message-rate-exceeded'),
        failed('app/network-error'),
        failed('app/invalid-credential'),
      ],
      [1, 2, 3, 4],
      options,
    );
    expect(unavailable).toMatchObject({ kind: 'transient', scope: 'provider' });
    expect(quota).toMatchObject({ kind: 'transient', scope: 'provider', retryAfterMs: 60_000 });
    expect(network).toMatchObject({ kind: 'transient', scope: 'provider' });
    expect(token).toMatchObject({ kind: 'transient', scope: 'provider' });
  });

  it('retries internal errors and a device rate per recipient, using attempts', () => {
    const sut = outcomesOf(
      [failed('messaging/internal-error'), failed('messaging/device-message-rate-exceeded'), failed('odd')],
      [1, 1, 1],
      options,
    );
    for (const outcome of sut) {
      expect(outcome.kind).toBe('transient');
      expect(outcome).not.toHaveProperty('scope');
    }
  });

  it('treats APNs credential trouble as the devices’ when others got through, as FCM-wide otherwise', () => {
    const apns = failed('messaging/third-party-auth-error');
    expect(outcomesOf([ok, apns], [1, 1], options)[1]).not.toHaveProperty('scope');
    expect(outcomesOf([apns], [1], options)[0]).toMatchObject({ scope: 'provider' });
  });

  it('reads code and message from what firebase-admin throws', () => {
    const error = Object.assign(new Error('Requested entity was not found.'), {
      code: 'messaging/registration-token-not-registered',
    });
    expect(answerOfError(error)).toEqual({
      success: false,
      code: 'messaging/registration-token-not-registered',
      message: 'Requested entity was not found.',
    });
    expect(answerOfError('boom')).toEqual({ success: false, message: 'boom' });
  });
});
