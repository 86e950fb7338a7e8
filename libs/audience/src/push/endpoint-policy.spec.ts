import { createECDH, randomBytes } from 'node:crypto';
import { checkPushKeys, endpointProblem, isPublicAddress } from './endpoint-policy';

const strict = { allowPrivateEndpoints: false };
const relaxed = { allowPrivateEndpoints: true };

describe('endpointProblem', () => {
  it.each([
    'https://fcm.googleapis.com/fcm/send/dpH5lCsTSSM:APA91bH',
    'https://updates.push.services.mozilla.com/wpush/v2/gAAAAABm',
    'https://web.push.apple.com/QGuQyavXutnMB',
    'https://8.8.8.8/push/1',
    'https://[2606:4700::1111]/push',
  ])('admits %s', (url) => {
    expect(endpointProblem(url, strict)).toBeUndefined();
  });

  it.each<[string, string]>([
    ['http://fcm.googleapis.com/x', 'subscription.endpoint must be an https URL'],
    ['ftp://example.org/x', 'subscription.endpoint must be an https URL'],
    ['not a url', 'subscription.endpoint is not a URL'],
    ['https://127.0.0.1:8443/push', 'subscription.endpoint must be on a public address, not 127.0.0.1'],
    ['https://10.1.2.3/push', 'subscription.endpoint must be on a public address, not 10.1.2.3'],
    ['https://172.20.0.1/push', 'subscription.endpoint must be on a public address, not 172.20.0.1'],
    ['https://192.168.1.1/push', 'subscription.endpoint must be on a public address, not 192.168.1.1'],
    [
      'https://169.254.169.254/latest',
      'subscription.endpoint must be on a public address, not 169.254.169.254',
    ],
    ['https://[::1]/push', 'subscription.endpoint must be on a public address, not ::1'],
    ['https://[::ffff:7f00:1]/push', 'subscription.endpoint must be on a public address, not ::ffff:7f00:1'],
    ['https://[fd00::1]/push', 'subscription.endpoint must be on a public address, not fd00::1'],
    ['https://localhost/push', 'subscription.endpoint must be on a public host name, not localhost'],
    ['https://push.localhost/x', 'subscription.endpoint must be on a public host name, not push.localhost'],
    ['https://printer.local/x', 'subscription.endpoint must be on a public host name, not printer.local'],
    ['https://intranet/x', 'subscription.endpoint must be on a public host name, not intranet'],
    ['https://user:pw@push.example.org/x', 'subscription.endpoint must not carry a user name or password'],
    [`https://push.example.org/${'a'.repeat(2048)}`, 'subscription.endpoint is longer than 2048 characters'],
  ])('refuses %s', (url, problem) => {
    expect(endpointProblem(url, strict)).toBe(problem);
  });

  it('admits loopback and plain http only when private endpoints are allowed', () => {
    expect(endpointProblem('http://127.0.0.1:43211/push/1', relaxed)).toBeUndefined();
    expect(endpointProblem('https://localhost:8443/push/1', relaxed)).toBeUndefined();
    expect(endpointProblem('ftp://127.0.0.1/push', relaxed)).toBe(
      'subscription.endpoint must be an https URL',
    );
  });
});

describe('isPublicAddress', () => {
  it.each<[string, boolean]>([
    ['1.1.1.1', true],
    ['100.63.255.255', true],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['2606:4700::1111', true],
    ['fe80::1', false],
    ['::ffff:10.0.0.1', false],
    ['example.org', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('checkPushKeys', () => {
  const browserKeys = () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  };

  it('admits a browser’s keys, and base64 with padding as base64url', () => {
    const keys = browserKeys();
    expect(checkPushKeys(keys.p256dh, keys.auth)).toEqual(keys);
    const padded = Buffer.from(keys.p256dh, 'base64url').toString('base64');
    expect(checkPushKeys(padded, `${keys.auth}==`)).toEqual(keys);
  });

  it.each<[string, () => [string, string], string]>([
    [
      'a compressed point',
      () => {
        const ecdh = createECDH('prime256v1');
        ecdh.generateKeys();
        return [ecdh.getPublicKey(undefined, 'compressed').toString('base64url'), browserKeys().auth];
      },
      "subscription.keys.p256dh must be the browser's P-256 public key: 65 bytes (uncompressed point), base64url",
    ],
    [
      'a point off the curve',
      () => [
        Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url'),
        browserKeys().auth,
      ],
      'subscription.keys.p256dh is not a point on the P-256 curve',
    ],
    [
      'a 15-byte auth secret',
      () => [browserKeys().p256dh, randomBytes(15).toString('base64url')],
      'subscription.keys.auth must be the 16-byte authentication secret, base64url',
    ],
    [
      'characters outside base64',
      () => [browserKeys().p256dh, 'not*base64!'],
      'subscription.keys.auth must be the 16-byte authentication secret, base64url',
    ],
  ])('refuses %s', (_name, make, problem) => {
    const [p256dh, auth] = make();
    expect(checkPushKeys(p256dh, auth)).toEqual({ problem });
  });
});
