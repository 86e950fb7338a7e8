import { auditHash, canonicalJson, GENESIS_HASH, type HashedFields, toJsonValue } from './audit-hash';

const row = (over: Partial<HashedFields> = {}): HashedFields => ({
  seq: 7,
  at: '2026-11-23T15:04:05.123Z',
  actor: { type: 'user', id: '0b6f1c9e-4d7a-4f55-9a3e-2f7d1c3b8a10', name: 'operator' },
  action: 'alert.activated',
  subject: { type: 'alert', id: 'a-1' },
  details: { channels: ['email', 'webpush'], area: { radiusKm: 25 } },
  correlationId: 'corr-1',
  prevHash: GENESIS_HASH,
  ...over,
});

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    const sut = canonicalJson;

    expect(sut({ b: 1, a: { d: [3, 1, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text whatever the insertion order of keys', () => {
    expect(canonicalJson({ x: 1, y: { p: 'q', o: 'n' } })).toBe(
      canonicalJson({ y: { o: 'n', p: 'q' }, x: 1 }),
    );
  });

  it('drops undefined properties as JSON does and escapes strings as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'quote " and \u2028 and Ж' })).toBe(
      '{"b":"quote \\" and \u2028 and Ж"}',
    );
  });

  it.each([NaN, Infinity, () => 1, 10n, Symbol('s')])('refuses %p', (value) => {
    expect(() => canonicalJson({ value })).toThrow(TypeError);
  });
});

describe('toJsonValue', () => {
  it('turns details into the plain JSON value jsonb gives back', () => {
    expect(toJsonValue({ when: new Date('2026-01-02T03:04:05.006Z'), gone: undefined, n: 1.5 })).toEqual({
      when: '2026-01-02T03:04:05.006Z',
      n: 1.5,
    });
  });

  it('refuses NUL characters, which jsonb cannot store', () => {
    expect(() => toJsonValue({ text: 'a\u0000b' })).toThrow(/NUL/);
  });
});

describe('auditHash', () => {
  it('is a stable SHA-256 of the canonical row', () => {
    const sut = auditHash;

    const hash = sut(row());

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sut(row())).toBe(hash);
    expect(sut(row({ details: { area: { radiusKm: 25 }, channels: ['email', 'webpush'] } }))).toBe(hash);
  });

  it.each<[string, Partial<HashedFields>]>([
    ['seq', { seq: 8 }],
    ['at', { at: '2026-11-23T15:04:05.124Z' }],
    ['actor id', { actor: { type: 'user', id: 'other', name: 'operator' } }],
    ['actor name', { actor: { type: 'user', id: '0b6f1c9e-4d7a-4f55-9a3e-2f7d1c3b8a10', name: 'admin' } }],
    [
      'actor type',
      { actor: { type: 'system', id: '0b6f1c9e-4d7a-4f55-9a3e-2f7d1c3b8a10', name: 'operator' } },
    ],
    ['action', { action: 'alert.cancelled' }],
    ['subject id', { subject: { type: 'alert', id: 'a-2' } }],
    ['subject type', { subject: { type: 'user', id: 'a-1' } }],
    ['details', { details: { channels: ['webpush', 'email'], area: { radiusKm: 25 } } }],
    ['correlation id', { correlationId: null }],
    ['prev hash', { prevHash: 'f'.repeat(64) }],
  ])('changes when the %s changes', (_field, change) => {
    expect(auditHash(row(change))).not.toBe(auditHash(row()));
  });

  it('does not confuse a null subject with the text "null"', () => {
    expect(auditHash(row({ subject: { type: null, id: null } }))).not.toBe(
      auditHash(row({ subject: { type: 'null', id: 'null' } })),
    );
  });
});
