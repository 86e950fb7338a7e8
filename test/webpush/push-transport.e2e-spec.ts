import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { PushTransport } from '../../apps/webpush-worker/src/push/push-transport';
import { makeTestCertificate, type TestCertificate } from './support/test-certificate';

/** A push service on loopback that answers 201 and records the protocol and the peak of concurrent requests. */
async function startService(
  certificate: TestCertificate,
  kind: 'h2' | 'http1-only',
  maxConcurrentStreams = 100,
  port = 0,
): Promise<{ origin: string; versions: string[]; peak: () => number; close: () => Promise<void> }> {
  const versions: string[] = [];
  let open = 0;
  let peak = 0;
  const handler = (
    request: http2.Http2ServerRequest | import('node:http').IncomingMessage,
    response: {
      writeHead: (status: number) => void;
      end: () => void;
    },
  ) => {
    open += 1;
    peak = Math.max(peak, open);
    versions.push(request.httpVersion);
    request.resume();
    request.on('end', () =>
      // Held a little, so that concurrent requests overlap.
      setTimeout(() => {
        open -= 1;
        response.writeHead(201);
        response.end();
      }, 5),
    );
  };
  const server =
    kind === 'h2'
      ? http2.createSecureServer(
          { key: certificate.key, cert: certificate.cert, settings: { maxConcurrentStreams } },
          handler,
        )
      : https.createServer({ key: certificate.key, cert: certificate.cert }, handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const sockets = new Set<import('node:net').Socket>();
  server.on('secureConnection', (socket: import('node:net').Socket) => sockets.add(socket));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    versions,
    peak: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('push transport', () => {
  let certificate: TestCertificate;
  let transport: PushTransport;

  beforeAll(() => {
    certificate = makeTestCertificate();
    transport = new PushTransport({
      http2: true,
      timeoutMs: 5_000,
      connectionsPerOrigin: 4,
      allowPrivateAddresses: true,
      ca: certificate.cert,
    });
  });

  afterAll(() => {
    transport.close();
    certificate.remove();
  });

  const post = (origin: string, i: number) =>
    transport.post(new URL(`${origin}/push/t${i}`), { TTL: 60, Urgency: 'high' }, Buffer.from('x'));

  it('speaks HTTP/2 to a service that offers it, within the streams it allows', async () => {
    const service = await startService(certificate, 'h2', 3);
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(service.origin, i)));
      expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
      expect(new Set(service.versions)).toEqual(new Set(['2.0']));
      expect(service.peak()).toBeLessThanOrEqual(3);
    } finally {
      await service.close();
    }
  });

  it('falls back to HTTP/1.1 keep-alive for a service that does not speak HTTP/2', async () => {
    const service = await startService(certificate, 'http1-only');
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(service.origin, i)));
      expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
      expect(new Set(service.versions)).toEqual(new Set(['1.1']));
      expect(service.peak()).toBeLessThanOrEqual(4);
    } finally {
      await service.close();
    }
  });

  it('opens a new session after the service closed the old one', async () => {
    const service = await startService(certificate, 'h2');
    await post(service.origin, 1);
    await service.close();
    await expect(post(service.origin, 2)).rejects.toThrow();
    // The same origin again: the dead session is not reused.
    const again = await startService(certificate, 'h2', 100, Number(new URL(service.origin).port));
    try {
      expect((await post(again.origin, 3)).statusCode).toBe(201);
      expect(again.versions).toEqual(['2.0']);
    } finally {
      await again.close();
    }
  });

  it('refuses a service whose certificate it does not trust', async () => {
    const other = makeTestCertificate();
    const service = await startService(other, 'h2');
    try {
      await expect(post(service.origin, 1)).rejects.toThrow(/self.signed|certificate/i);
    } finally {
      await service.close();
      other.remove();
    }
  });
});
