import { canonicalHash, canonicalJson } from './canonical-json.util';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"x":2,"z":1}]},"b":1}',
    );
  });

  it('writes dates as ISO instants, so equal instants hash equally', () => {
    expect(canonicalHash({ at: new Date('2026-03-01T12:00:00+02:00') })).toBe(
      canonicalHash({ at: new Date('2026-03-01T10:00:00Z') }),
    );
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: [NaN] })).toThrow('$.a[0] is not a finite number');
    expect(() => canonicalJson({ at: new Date('nope') })).toThrow('$.at is an invalid date');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('$.f cannot be hashed (function)');
  });
});
