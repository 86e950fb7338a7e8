import { listUnsubscribeHeaders, SubscriptionLinks } from './subscription-links';

describe(SubscriptionLinks.name, () => {
  const sut = new SubscriptionLinks({
    publicBaseUrl: 'https://alerts.example.org/',
    signingSecret: 'test-signing-secret-0123456789abcdef',
  });

  it('builds RFC 8058 one-click headers around a signed unsubscribe URL', () => {
    const headers = sut.headersFor('42');
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(headers['List-Unsubscribe']).toMatch(
      /^<https:\/\/alerts\.example\.org\/v1\/subscriptions\/email\/unsubscribe\?token=v1\.u\.42\.[A-Za-z0-9_-]{43}>$/,
    );
    const token = new URL(headers['List-Unsubscribe'].slice(1, -1)).searchParams.get('token')!;
    expect(sut.signer.verifyUnsubscribe(token)).toEqual({ subscriptionId: '42' });
  });

  it('puts a confirmation token in the confirm URL', () => {
    const url = new URL(sut.confirmUrl('7', 'AbCdEfGhIjKlMnOpQrStUvWx', new Date(Date.now() + 3_600_000)));
    expect(url.pathname).toBe('/v1/subscriptions/email/confirm');
    expect(sut.signer.verifyConfirm(url.searchParams.get('token')!).subscriptionId).toBe('7');
  });

  it('wraps any URL in angle brackets', () => {
    expect(listUnsubscribeHeaders('https://x.example/u?token=t')).toEqual({
      'List-Unsubscribe': '<https://x.example/u?token=t>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
