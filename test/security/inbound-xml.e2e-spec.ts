// Issue 9, attack: what a partner's endpoint can be sent. XML built to hurt a
// parser (external entities, entity expansion, deep nesting, a flood of
// attributes, an oversized body) is refused before any parsing that could
// hurt, with a 4xx a person can read, and changes nothing, even when it comes
// with a valid partner key and a valid signature around it.
import { buildCapXml, signCapXml } from '@childalert/cap';
import { childAbductionCap } from '../cap/child-abduction-cap.factory';
import { type AlertApiTestApp, bearer, expectStatus, startAlertApi } from '../alerts-api/alert-api-test.app';
import { makeSigningIdentity, type SigningIdentity } from '../partners/support/signing-identity';
import { databaseFingerprint } from './support/database-fingerprint';

describe('inbound partner XML under attack', () => {
  let t: AlertApiTestApp;
  let partner: SigningIdentity;
  let partnerKey: string;

  beforeAll(async () => {
    t = await startAlertApi({ ALLOW_PRIVATE_ENDPOINTS: 'true' });
    partner = makeSigningIdentity('alerts@amber.bg.test');
    const created = expectStatus(
      await t
        .http()
        .post('/v1/partners')
        .set(bearer(await t.login('admin')))
        .send({
          country: 'BG',
          name: 'Bulgarian child alert system',
          inboundUrl: 'https://127.0.0.1:9/inbound',
          certificatePem: partner.certificatePem,
        }),
      201,
    );
    partnerKey = created.apiKey as string;
  }, 60_000);

  afterAll(async () => {
    partner?.remove();
    await t?.close();
  });

  const post = (body: string, contentType = 'application/cap+xml') =>
    t
      .http()
      .post('/v1/partners/inbound')
      .set('X-API-Key', partnerKey)
      .set('Content-Type', contentType)
      .send(body);

  /** A real, signed CAP message from the partner, with `prologue` put before its root element. */
  function signedWith(prologue: string): string {
    const signed = signCapXml(
      buildCapXml(childAbductionCap({ sent: new Date(Math.floor(Date.now() / 1000) * 1000) })),
      partner,
    );
    return signed.replace(/^(<\?xml[^>]*\?>\s*)?/, `<?xml version="1.0"?>${prologue}`);
  }

  const nested = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;

  const attacks: [string, () => string, number][] = [
    [
      'an external entity (XXE)',
      () => signedWith('<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
      400,
    ],
    [
      'a parameter entity fetching a remote DTD',
      () => signedWith('<!DOCTYPE alert [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>'),
      400,
    ],
    [
      'entity expansion ("billion laughs")',
      () =>
        signedWith(
          '<!DOCTYPE alert [<!ENTITY lol "lol">' +
            Array.from(
              { length: 9 },
              (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
            ).join('') +
            ']>',
        ),
      400,
    ],
    ['elements nested 10,000 deep', () => `<?xml version="1.0"?>${nested(10_000)}`, 400],
    [
      'an element with 20,000 attributes',
      () =>
        `<?xml version="1.0"?><alert ${Array.from({ length: 20_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`,
      400,
    ],
    ['a body over the size limit', () => `<alert>${'x'.repeat(1024 * 1024 + 10)}</alert>`, 413],
  ];

  it.each(attacks)('refuses %s before parsing it, changing nothing', async (_name, body, status) => {
    const before = await databaseFingerprint(t.pool);
    const response = await post(body());
    expect(response.status).toBe(status);
    expect(typeof (response.body as { message?: unknown }).message).toBe('string');
    expect(await databaseFingerprint(t.pool)).toEqual(before);
  });

  it('refuses a body that is not XML at all, and one without the partner key', async () => {
    const before = await databaseFingerprint(t.pool);
    expect((await post('{"alert": true}', 'application/json')).status).toBeGreaterThanOrEqual(400);
    const anonymous = await t
      .http()
      .post('/v1/partners/inbound')
      .set('Content-Type', 'application/cap+xml')
      .send(signedWith(''));
    expect(anonymous.status).toBe(401);
    expect(await databaseFingerprint(t.pool)).toEqual(before);
  });
});
