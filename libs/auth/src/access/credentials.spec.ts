import { presentedCredential } from './credentials';

describe('presentedCredential', () => {
  const sut = presentedCredential;

  it.each<[Record<string, string | string[] | undefined>, ReturnType<typeof presentedCredential>]>([
    [{}, { kind: 'none' }],
    [{ authorization: 'Bearer abc.def.ghi' }, { kind: 'bearer', token: 'abc.def.ghi' }],
    [{ authorization: 'bearer  abc ' }, { kind: 'bearer', token: 'abc' }],
    [{ authorization: 'ApiKey cak_x' }, { kind: 'api_key', key: 'cak_x' }],
    [{ 'x-api-key': ' cak_y ' }, { kind: 'api_key', key: 'cak_y' }],
    [
      { authorization: 'Basic dXNlcjpwYXNz' },
      { kind: 'invalid', reason: 'unsupported Authorization scheme Basic' },
    ],
    [{ authorization: 'Bearer' }, { kind: 'invalid', reason: 'malformed Authorization header' }],
    [{ authorization: 'Bearer a b' }, { kind: 'invalid', reason: 'malformed Authorization header' }],
    [{ 'x-api-key': '' }, { kind: 'invalid', reason: 'empty X-API-Key header' }],
    [{ 'x-api-key': ['a', 'b'] }, { kind: 'invalid', reason: 'repeated credential header' }],
    [
      { authorization: 'Bearer t', 'x-api-key': 'k' },
      { kind: 'invalid', reason: 'present one credential, not both Authorization and X-API-Key' },
    ],
  ])('reads %j', (headers, expected) => {
    expect(sut(headers)).toEqual(expected);
  });
});
