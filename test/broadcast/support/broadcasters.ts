import { bearer, expectStatus, type HttpApp } from '../../alerts-api/alert-api-test.app';
import type { BroadcastReceiver } from './broadcast-receiver';

export interface RegisteredBroadcaster {
  id: string;
  path: string;
  signingSecret: string;
  apiKey: string;
}

/** Registers a broadcaster through the admin API, its webhook on the receiver's `path`, and trusts its secret there. */
export async function registerBroadcaster(
  api: HttpApp,
  adminToken: string,
  receiver: BroadcastReceiver,
  input: {
    name: string;
    path: string;
    languages: string[];
    area: Record<string, unknown>;
    formats: string[];
  },
): Promise<RegisteredBroadcaster> {
  const { path, ...fields } = input;
  const created = expectStatus(
    await api
      .http()
      .post('/v1/broadcasters')
      .set(bearer(adminToken))
      .send({ ...fields, webhookUrl: receiver.url(path) }),
    201,
  ) as { broadcaster: { id: string }; signingSecret: string; apiKey: string };
  receiver.trust(path, created.signingSecret);
  return { id: created.broadcaster.id, path, signingSecret: created.signingSecret, apiKey: created.apiKey };
}
