// The whole broadcast path, each app started in this process with its real
// module and configuration schema, on one database and one topic prefix:
//   alert-api (admin API, outbox relay, feed, receipts → progress)
//   → alerts.lifecycle.v1 → dispatcher → dispatch.broadcast.v1
//   → broadcast-worker → a loopback HTTPS receiver, and delivery.receipts.v1 → alert-api.
import { startKafkaConsumers } from '@childalert/messaging';
import {
  type AlertApiTestApp,
  loginStaff,
  type Staff,
  startAlertApi,
} from '../../alerts-api/alert-api-test.app';
import { makeTestCertificate, type TestCertificate } from '../../webpush/support/test-certificate';
import { BroadcastReceiver } from './broadcast-receiver';
import { PUBLIC_BASE_URL, startWorkerInProcess, workerEnv } from './broadcast-worker.harness';
import { type ChannelProgress, pollChannelProgress, startDispatcher } from '../../support/pipeline';

export interface BroadcastPipeline {
  api: AlertApiTestApp;
  staff: Staff & { admin: string };
  receiver: BroadcastReceiver;
  /** GET /v1/alerts/{id}/deliveries (broadcast channel) polled until `until` holds. */
  progress: (alertId: string, until: (broadcast: ChannelProgress) => boolean) => Promise<ChannelProgress>;
  close: () => Promise<void>;
}

export type { ChannelProgress };

export async function startBroadcastPipeline(
  options: { worker?: Record<string, string> } = {},
): Promise<BroadcastPipeline> {
  const certificate: TestCertificate = makeTestCertificate();
  const receiver = await new BroadcastReceiver(certificate).start();
  const closers: (() => Promise<unknown>)[] = [
    async () => {
      await receiver.stop();
      certificate.remove();
    },
  ];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const api = await startAlertApi({ PUBLIC_BASE_URL, ALLOW_PRIVATE_ENDPOINTS: 'true' });
    closers.push(() => api.close());
    await startKafkaConsumers(api.app);
    const dispatcher = await startDispatcher(api.database.url, api.prefix);
    closers.push(() => dispatcher.close());
    const worker = await startWorkerInProcess(
      workerEnv({
        databaseUrl: api.database.url,
        topicPrefix: api.prefix,
        caFile: certificate.certFile,
        overrides: options.worker,
      }),
    );
    closers.push(() => worker.close());
    const staff = { ...(await loginStaff(api)), admin: await api.login('admin') };
    return {
      api,
      staff,
      receiver,
      progress: (alertId, until) => pollChannelProgress(api, staff.operator, alertId, 'broadcast', until),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
