import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { WebpushModule } from '../../apps/alert-api/src/webpush/webpush.module';
import { resolveVapidKeys } from '../../apps/webpush-worker/src/vapid/vapid-keys';

async function appWith(options: Parameters<typeof WebpushModule.forRoot>[0]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [WebpushModule.forRoot(options)] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  return app;
}

/** Runs /sw.js against a fake ServiceWorkerGlobalScope and records what it does. */
function runServiceWorker(script: string) {
  const handlers = new Map<string, (event: unknown) => void>();
  const shown: { title: string; options: Record<string, unknown> }[] = [];
  const opened: string[] = [];
  const existing: { data: Record<string, unknown> }[] = [];
  const self = {
    addEventListener: (type: string, handler: (event: unknown) => void) => handlers.set(type, handler),
    skipWaiting: () => undefined,
    clients: {
      claim: () => Promise.resolve(),
      matchAll: () => Promise.resolve([]),
      openWindow: (url: string) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
    registration: {
      getNotifications: () => Promise.resolve(existing),
      showNotification: (title: string, options: Record<string, unknown>) => {
        shown.push({ title, options });
        existing.push({ data: options.data as Record<string, unknown> });
        return Promise.resolve();
      },
    },
  };
  vm.runInNewContext(script, { self });
  const dispatch = async (type: string, event: Record<string, unknown>) => {
    let waited: Promise<unknown> = Promise.resolve();
    handlers.get(type)!({ ...event, waitUntil: (p: Promise<unknown>) => (waited = p) });
    await waited;
  };
  const push = (payload: unknown) =>
    dispatch('push', { data: { json: () => payload, text: () => JSON.stringify(payload) } });
  return { shown, opened, push, dispatch };
}

describe('alert-api web push routes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vapid-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the configured VAPID public key, and 503 in production without one', async () => {
    const app = await appWith({
      vapidPublicKey: 'BPublicKeyFromConfig',
      vapidKeyFile: 'unused',
      production: true,
    });
    const response = await request(app.getHttpServer()).get('/v1/webpush/vapid-public-key').expect(200);
    expect(response.body).toEqual({ publicKey: 'BPublicKeyFromConfig' });
    await app.close();
    const off = await appWith({
      vapidPublicKey: '',
      vapidKeyFile: path.join(dir, 'never.json'),
      production: true,
    });
    await request(off.getHttpServer()).get('/v1/webpush/vapid-public-key').expect(503);
    await off.close();
  });

  it('in development shares one generated key pair with the worker, whoever starts first', async () => {
    const keyFile = path.join(dir, 'data', 'vapid-keys.json');
    const app = await appWith({ vapidPublicKey: '', vapidKeyFile: keyFile, production: false });
    const served = (await request(app.getHttpServer()).get('/v1/webpush/vapid-public-key').expect(200))
      .body as {
      publicKey: string;
    };
    await app.close();
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { publicKey: string };
    expect(served.publicKey).toBe(stored.publicKey);
    expect(Buffer.from(served.publicKey, 'base64url')).toHaveLength(65);
    const worker = resolveVapidKeys({
      publicKey: '',
      privateKey: '',
      subject: 'mailto:a@b.example',
      keyFile,
    });
    expect(worker).toMatchObject({ publicKey: served.publicKey, source: 'file' });
  });

  it('serves /sw.js: shows the photo, requires interaction, replaces by tag, opens the alert page', async () => {
    const app = await appWith({ vapidPublicKey: 'BKey', vapidKeyFile: 'unused', production: false });
    const response = await request(app.getHttpServer()).get('/sw.js').expect(200);
    await app.close();
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['service-worker-allowed']).toBe('/');

    const sw = runServiceWorker(response.text);
    const alert = {
      alertId: 'a1',
      version: 1,
      event: 'activated',
      lang: 'en',
      title: 'AMBER Alert: Maria, 7',
      body: 'Call 112',
      url: 'https://alerts.example.test/alerts/a1',
      tag: 'childalert-a1',
      image: 'https://alerts.example.test/v1/alerts/a1/photos/p/push',
      requireInteraction: true,
      exercise: false,
    };
    await sw.push(alert);
    expect(sw.shown).toEqual([
      {
        title: alert.title,
        options: expect.objectContaining({
          body: 'Call 112',
          tag: 'childalert-a1',
          image: alert.image,
          requireInteraction: true,
          renotify: true,
        }),
      },
    ]);
    // The ending replaces it under the same tag; a late older version does not.
    await sw.push({
      ...alert,
      version: 3,
      event: 'resolved',
      title: 'FOUND SAFE',
      requireInteraction: false,
      image: undefined,
      found: true,
    });
    await sw.push({ ...alert, version: 2, event: 'updated' });
    expect(sw.shown.map((n) => [n.title, n.options.tag, n.options.requireInteraction])).toEqual([
      [alert.title, 'childalert-a1', true],
      ['FOUND SAFE', 'childalert-a1', false],
    ]);
    let closed = false;
    await sw.dispatch('notificationclick', {
      notification: { data: { url: alert.url }, close: () => (closed = true) },
    });
    expect(closed).toBe(true);
    expect(sw.opened).toEqual([alert.url]);
  });
});
