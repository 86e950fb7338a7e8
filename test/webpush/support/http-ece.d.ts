// http_ece (a dependency of web-push) ships no types: the part the test receiver uses.
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';
  export function decrypt(
    buffer: Buffer,
    params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string; keyid?: string },
  ): Buffer;
  export function encrypt(
    buffer: Buffer,
    params: {
      version: 'aes128gcm';
      privateKey: ECDH;
      dh: string;
      authSecret: string;
      salt?: string;
      rs?: number;
    },
  ): Buffer;
}
