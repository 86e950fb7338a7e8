import { VapidHeaderCache } from './vapid-header.cache';
import { generateVapidKeyPair } from './vapid-keys';

describe(VapidHeaderCache.name, () => {
  const keys = { ...generateVapidKeyPair(), subject: 'mailto:alerts@childalert.example' };
  const claimsOf = (header: string) =>
    JSON.parse(Buffer.from(/t=([^.]+)\.([^.]+)\./.exec(header)![2], 'base64url').toString()) as {
      aud: string;
      exp: number;
      sub: string;
    };

  it('signs once per origin and reuses the header until a tenth of its lifetime is left', () => {
    let now = Date.parse('2026-11-23T12:00:00Z');
    const sut = new VapidHeaderCache(keys, 3600, () => now);
    const first = sut.headerFor('https://push.example.net');
    expect(first).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${keys.publicKey}$`));
    expect(claimsOf(first)).toEqual({
      aud: 'https://push.example.net',
      exp: now / 1000 + 3600,
      sub: keys.subject,
    });
    now += 3000_000;
    expect(sut.headerFor('https://push.example.net')).toBe(first);
    expect(claimsOf(sut.headerFor('https://fcm.example.com')).aud).toBe('https://fcm.example.com');
    now += 300_000; // 55 min: past 90 %
    const renewed = sut.headerFor('https://push.example.net');
    expect(renewed).not.toBe(first);
    expect(claimsOf(renewed).exp).toBe(now / 1000 + 3600);
  });

  it('signs anew after invalidate, and refuses lifetimes RFC 8292 does not allow', () => {
    const sut = new VapidHeaderCache(keys, 600);
    const first = sut.headerFor('https://push.example.net');
    sut.invalidate('https://push.example.net');
    expect(sut.size).toBe(0);
    expect(sut.headerFor('https://push.example.net')).toMatch(/^vapid t=/);
    expect(first).toMatch(/^vapid t=/);
    expect(() => new VapidHeaderCache(keys, 24 * 3600)).toThrow(RangeError);
  });
});
