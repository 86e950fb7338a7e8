// Issue 9, attack: no secret or personal data in logs. A whole lifecycle with
// every app as its own process at LOG_LEVEL=debug (the scenario harness of
// test/resilience), every secret seeded as a unique string, an alert for a
// child whose name and description are unique strings, subscribers through
// the public API beside seeded ones, login attempts with wrong passwords, and
// an API key made and used through the admin API. Then every line of every
// process is searched for each of them: none may appear.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { bearer, expectStatus } from '../alerts-api/alert-api-test.app';
import { reached, untilReached } from '../resilience/support/delivery-tally';
import { Scenario } from '../resilience/support/scenario.harness';
import { AuthenticatedRelay } from './support/authenticated-relay';

const EMAIL_AUDIENCE = 30;
const WEBPUSH_AUDIENCE = 30;
const MOBILE_AUDIENCE = 20;
const BROADCASTERS = 2;

/** The `token` query parameter of the first link in a text, decoded. */
function tokenIn(text: string): string {
  const match = /[?&]token=([^&\s>"]+)/.exec(text);
  if (!match) throw new Error(`no link with a token in: ${text.slice(0, 300)}`);
  return decodeURIComponent(match[1]);
}

/** A string nothing else in a run contains. */
const unique = (label: string): string => `${label}-${randomBytes(12).toString('hex')}`;

describe('log hygiene: a full run at debug level', () => {
  jest.setTimeout(120_000);
  const secrets = {
    JWT_SECRET: unique('jwt-secret'),
    DEMO_PASSWORD: unique('demo-password'),
    SUBSCRIPTION_SIGNING_SECRET: unique('subscription-signing-secret'),
    CONFIRMATION_SECRET: unique('confirmation-secret'),
    SMTP_PASSWORD: unique('smtp-password'),
  };
  const child = {
    name: unique('Childname'),
    description: unique('child-description'),
    circumstances: unique('child-circumstances'),
  };
  const scenario = new Scenario();
  const relay = new AuthenticatedRelay({ user: 'relay-user', password: secrets.SMTP_PASSWORD });

  beforeAll(async () => {
    await relay.start();
    await scenario.start(
      {
        email: EMAIL_AUDIENCE,
        webpush: WEBPUSH_AUDIENCE,
        mobile: MOBILE_AUDIENCE,
        broadcasters: BROADCASTERS,
      },
      {
        logLevel: 'debug',
        env: {
          'alert-api': {
            JWT_SECRET: secrets.JWT_SECRET,
            DEMO_PASSWORD: secrets.DEMO_PASSWORD,
            SUBSCRIPTION_SIGNING_SECRET: secrets.SUBSCRIPTION_SIGNING_SECRET,
            CONFIRMATION_SECRET: secrets.CONFIRMATION_SECRET,
            // Subscription confirmations go through a relay that demands the SMTP password.
            SMTP_PORT: String(relay.port),
            SMTP_USER: 'relay-user',
            SMTP_PASSWORD: secrets.SMTP_PASSWORD,
          },
          'email-worker': { SUBSCRIPTION_SIGNING_SECRET: secrets.SUBSCRIPTION_SIGNING_SECRET },
        },
      },
    );
  }, 180_000);

  afterAll(async () => {
    // LOG_HYGIENE_DUMP=<file>: every line of the run, to read what the apps log.
    if (process.env.LOG_HYGIENE_DUMP) writeFileSync(process.env.LOG_HYGIENE_DUMP, scenario.logs().join('\n'));
    await scenario.close();
    await relay.stop();
  });

  it('writes no secret, credential, subscriber address, push endpoint or child data to any log', async () => {
    const http = () => scenario.http();
    const answers: string[] = [];
    const keep = (response: { status: number; text: string }) => {
      answers.push(response.text ?? '');
      return response;
    };

    // Login attempts: a wrong password, a password typed into the username field, an unknown user.
    const wrongPassword = unique('wrong-password');
    const passwordAsUsername = unique('password-typed-as-username');
    for (const body of [
      { username: 'operator', password: wrongPassword },
      { username: passwordAsUsername, password: wrongPassword },
      { username: 'operator', password: `${secrets.DEMO_PASSWORD}x` },
    ]) {
      expect(keep(await http().post('/v1/auth/token').send(body)).status).toBe(401);
    }
    const admin = (
      expectStatus(
        keep(
          await http().post('/v1/auth/token').send({ username: 'admin', password: secrets.DEMO_PASSWORD }),
        ) as never,
        200,
      ) as { accessToken: string }
    ).accessToken;

    // An API key (and a webhook signing secret) made through the admin API, used right and wrong.
    const created = expectStatus(
      await http()
        .post('/v1/broadcasters')
        .set(bearer(admin))
        .send({
          name: 'Log Hygiene Radio',
          webhookUrl: 'http://127.0.0.1:9/hooks/amber',
          languages: ['el', 'en'],
          area: { kind: 'circle', lat: 37.98, lon: 23.72, radiusKm: 30 },
          formats: ['json'],
        }),
      201,
    ) as { apiKey: string; signingSecret: string };
    expect(keep(await http().get('/v1/broadcast/feed.atom').set('X-API-Key', created.apiKey)).status).toBe(
      200,
    );
    const wrongKey = `${created.apiKey.slice(0, -4)}${unique('k').slice(-4)}`;
    expect(keep(await http().get('/v1/broadcast/feed.atom').set('X-API-Key', wrongKey)).status).toBe(401);

    // Subscribers through the public API: an e-mail address and a browser's push endpoint.
    const publicAddress = `${unique('subscriber')}@hygiene.test`;
    expect(
      keep(
        await http()
          .post('/v1/subscriptions/email')
          .send({
            address: publicAddress,
            language: 'en',
            area: { kind: 'circle', lat: 37.98, lon: 23.72, radiusKm: 5 },
          }),
      ).status,
    ).toBe(202);
    // The confirmation went out through the relay, logged in with the seeded password.
    expect(relay.logins).toContainEqual({ user: 'relay-user', accepted: true });
    const confirmation = relay.delivered.find((mail) => mail.to.includes(publicAddress.toLowerCase()));
    // Link tokens travel in URLs, which request logs must not carry: follow the confirmation link.
    const confirmToken = tokenIn(confirmation?.text ?? '');
    expect(
      keep(await http().get('/v1/subscriptions/email/confirm').query({ token: confirmToken })).status,
    ).toBe(200);
    const browser = scenario.push.subscribe();
    expect(
      keep(
        await http()
          .post('/v1/subscriptions/webpush')
          .send({
            subscription: { endpoint: browser.endpoint, expirationTime: null, keys: browser.keys },
            languages: ['en'],
            area: { kind: 'circle', lat: 37.98, lon: 23.72, radiusKm: 5 },
          }),
      ).status,
    ).toBeLessThan(300);

    // Failure paths log too: a mailbox busy once, a push service failing once, a subscription gone.
    const [busy] = scenario.emailSubscribers;
    const [flaky, gone] = scenario.pushSubscribers;
    scenario.inbox.refuseRecipient(busy.address, 1);
    scenario.push.answerFor(flaky.subscription.token, 500, 1);
    scenario.push.answerFor(gone.subscription.token, 410);

    // The lifecycle: activation of the unique child to everyone, then the resolution.
    const { alertId, version } = await scenario.activate({
      child: { name: child.name, age: 9, sex: 'female', heightCm: 130, hair: 'short, black' },
      texts: {
        el: { description: child.description, circumstances: child.circumstances },
        en: { description: child.description, circumstances: child.circumstances },
      },
    });
    const everyone = {
      email: new Set(scenario.emailSubscribers.map((s) => s.id)),
      webpush: new Set(scenario.pushSubscribers.filter((s) => s !== gone).map((s) => s.id)),
      mobile: new Set(scenario.mobileSubscribers.map((s) => s.id)),
      broadcast: new Set(scenario.broadcasters.map((b) => b.id)),
    };
    await untilReached(scenario, alertId, version, everyone, 60_000);
    const resolution = await scenario.resolve(alertId);
    await untilReached(scenario, alertId, resolution, everyone, 60_000);
    // The alert really carried the child: the receivers saw the name the logs must not.
    expect(scenario.inbox.mails.some((mail) => mail.text.includes(child.name))).toBe(true);
    expect(
      scenario.push.received.some((push) => push.token === browser.token && push.payload.alertId === alertId),
    ).toBe(true);
    expect(scenario.inbox.refused).toContain(busy.address.toLowerCase());
    // An alert e-mail's unsubscribe link, opened (the page that asks; nothing is deleted).
    const alertMail = scenario.inbox.alertMails(alertId, version)[0];
    const unsubscribeToken = tokenIn(alertMail.header('List-Unsubscribe') ?? '');
    expect(
      keep(await http().get('/v1/subscriptions/email/unsubscribe').query({ token: unsubscribeToken })).status,
    ).toBe(200);
    // The seeded subscribers but the gone one, and the one from the public API.
    expect(reached(scenario, 'webpush', alertId, version).size).toBe(WEBPUSH_AUDIENCE);
    // A moment for the last receipts and relay rounds to be logged.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const needles: Record<string, string[]> = {
      ...Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, [value]])),
      'VAPID private key': [scenario.vapid.privateKey],
      'API keys': [created.apiKey, wrongKey, ...scenario.broadcasters.map((b) => b.apiKey)],
      'webhook signing secrets': [
        created.signingSecret,
        ...scenario.broadcasters.map((b) => b.signingSecret),
      ],
      'FCM access token': [scenario.fcmAccessToken],
      'device tokens': scenario.mobileSubscribers.map((s) => s.token),
      'access tokens': [admin, ...Object.values(scenario.staff)],
      'wrong passwords': [wrongPassword, passwordAsUsername],
      'child data': Object.values(child),
      'subscriber e-mail addresses': [publicAddress, ...scenario.emailSubscribers.map((s) => s.address)],
      'push endpoints': [browser.endpoint, ...scenario.pushSubscribers.map((s) => s.subscription.endpoint)],
      'push keys': [browser.keys.auth, browser.keys.p256dh],
      'e-mail link tokens': [confirmToken, unsubscribeToken],
    };
    const lines = scenario.logs();
    // The run logged at debug level: the search covers what an operator turning logs up would see.
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((line) => line.includes('"level":"debug"'))).toBe(true);
    // The search sees the lifecycle: the dispatcher logged the alert by its id (not personal data).
    expect(lines.some((line) => line.includes(alertId))).toBe(true);
    const leaks = Object.entries(needles).flatMap(([what, values]) =>
      values.flatMap((value) =>
        lines
          .filter((line) => line.toLowerCase().includes(value.toLowerCase()))
          .map((line) => `${what}: ${line.slice(0, 300)}`),
      ),
    );
    expect(leaks).toEqual([]);
    // Nor do the answers to the requests echo a credential the caller sent.
    const echoed = [wrongPassword, passwordAsUsername, wrongKey, `${secrets.DEMO_PASSWORD}x`].filter(
      (value) => answers.some((answer) => answer.includes(value)),
    );
    expect(echoed).toEqual([]);
  });
});
