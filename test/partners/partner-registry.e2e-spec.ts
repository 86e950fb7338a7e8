// Issue 7, the partner register in the production configuration
// (ALLOW_PRIVATE_ENDPOINTS off): a partner's inbound URL must be https on a
// public address. Loopback, private, link-local (cloud metadata) addresses
// and internal names are refused with a 400 naming the problem, and nothing
// is registered; only an NGO admin registers.
import {
  type AlertApiTestApp,
  bearer,
  expectStatus,
  loginStaff,
  startAlertApi,
} from '../alerts-api/alert-api-test.app';
import { makeSigningIdentity, type SigningIdentity } from './support/signing-identity';

describe('partner register in production configuration', () => {
  let api: AlertApiTestApp;
  let admin: string;
  let identity: SigningIdentity;

  beforeAll(async () => {
    api = await startAlertApi({ ALLOW_PRIVATE_ENDPOINTS: 'false' });
    admin = await api.login('admin');
    identity = makeSigningIdentity('alerts.example.bg');
  }, 30_000);

  afterAll(async () => {
    identity?.remove();
    await api?.close();
  });

  const register = (inboundUrl: string, token = admin) =>
    api
      .http()
      .post('/v1/partners')
      .set(bearer(token))
      .send({ country: 'BG', name: 'Bulgarian system', inboundUrl, certificatePem: identity.certificatePem });

  it.each([
    ['http://alerts.example.bg/inbound', 'must be an https URL'],
    ['https://127.0.0.1/inbound', 'must be on a public address, not 127.0.0.1'],
    ['https://10.1.2.3/inbound', 'must be on a public address, not 10.1.2.3'],
    ['https://192.168.1.10/inbound', 'must be on a public address, not 192.168.1.10'],
    ['https://169.254.169.254/latest/meta-data', 'must be on a public address, not 169.254.169.254'],
    ['https://[::1]/inbound', 'must be on a public address, not ::1'],
    ['https://[::ffff:169.254.169.254]/', 'must be on a public address, not ::ffff:a9fe:a9fe'],
    ['https://2130706433/inbound', 'must be on a public address, not 127.0.0.1'],
    ['https://[fd00::1]/inbound', 'must be on a public address, not fd00::1'],
    ['https://localhost/inbound', 'must be on a public host name, not localhost'],
    [
      'https://metadata.google.internal/computeMetadata',
      'must be on a public host name, not metadata.google.internal',
    ],
    ['https://user:secret@alerts.example.bg/inbound', 'must not carry a user name or password'],
    ['not a url', 'is not a URL'],
  ])('refuses %s with a 400 and registers nothing', async (url, problem) => {
    const response = await register(url);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_input', message: `inboundUrl ${problem}` });
    const { rows } = await api.pool.query('SELECT count(*)::int AS n FROM partners');
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('registers a public https endpoint, for an NGO admin only', async () => {
    const staff = await loginStaff(api);
    expect((await register('https://alerts.example.bg/v1/partners/inbound', staff.operator)).status).toBe(
      403,
    );
    const created = expectStatus(await register('https://alerts.example.bg/v1/partners/inbound'), 201);
    expect(created.partner).toMatchObject({
      country: 'BG',
      inboundUrl: 'https://alerts.example.bg/v1/partners/inbound',
    });
    expect(created.apiKey).toEqual(expect.any(String));
  });
});
