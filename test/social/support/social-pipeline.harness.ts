// The whole social path, each app started in this process with its real
// module and configuration schema, on one database and one topic prefix:
//   alert-api (lifecycle, photos, outbox relay) → alerts.lifecycle.v1
//   → dispatcher (SOCIAL_ACCOUNTS) → dispatch.social.v1 → social-worker
//   → a loopback X API v2 receiver.
import { startKafkaConsumers } from '@childalert/messaging';
import {
  type AlertApiTestApp,
  loginStaff,
  type Staff,
  startAlertApi,
} from '../../alerts-api/alert-api-test.app';
import { makeTestCertificate } from '../../webpush/support/test-certificate';
import { PUBLIC_BASE_URL, startWorkerInProcess, workerEnv } from './social-worker.harness';
import { type ReceiverAccount, XApiReceiver } from './x-api-receiver';
import { startDispatcher } from '../../support/pipeline';

export interface SocialPipeline {
  api: AlertApiTestApp;
  staff: Staff;
  x: XApiReceiver;
  close: () => Promise<void>;
}

/** `accounts` with their language and exercise flag as SOCIAL_ACCOUNTS (shared by dispatcher and worker). */
export async function startSocialPipeline(
  accounts: readonly (ReceiverAccount & { language: string; exercise?: boolean })[],
): Promise<SocialPipeline> {
  const certificate = makeTestCertificate();
  const x = await new XApiReceiver(certificate, accounts).start();
  const closers: (() => Promise<unknown>)[] = [
    async () => {
      await x.stop();
      certificate.remove();
    },
  ];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  const socialAccounts = JSON.stringify(
    accounts.map((a) => ({ key: a.key, language: a.language, ...(a.exercise ? { exercise: true } : {}) })),
  );
  try {
    const api = await startAlertApi({ PUBLIC_BASE_URL, ALLOW_PRIVATE_ENDPOINTS: 'true' });
    closers.push(() => api.close());
    await startKafkaConsumers(api.app);
    const dispatcher = await startDispatcher(api.database.url, api.prefix, {
      SOCIAL_ACCOUNTS: socialAccounts,
    });
    closers.push(() => dispatcher.close());
    const worker = await startWorkerInProcess({
      ...workerEnv({
        databaseUrl: api.database.url,
        topicPrefix: api.prefix,
        caFile: certificate.certFile,
        xApiBaseUrl: x.baseUrl,
        accounts,
      }),
      SOCIAL_ACCOUNTS: socialAccounts,
    });
    closers.push(() => worker.close());
    return { api, staff: await loginStaff(api), x, close };
  } catch (error) {
    await close();
    throw error;
  }
}
