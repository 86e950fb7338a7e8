// The whole mobile path of a child alert, each app started in this process
// with its real module and configuration schema, on one database and one
// topic prefix on the real broker:
//   alert-api (HTTP, outbox relay, receipts → progress)
//   → alerts.lifecycle.v1 → dispatcher → dispatch.mobile.v1
//   → mobile-worker → the loopback FCM receiver, and receipts → alert-api.
import { startKafkaConsumers } from '@childalert/messaging';
import {
  type AlertApiTestApp,
  loginStaff,
  type Staff,
  startAlertApi,
} from '../../alerts-api/alert-api-test.app';
import { uniquePrefix } from '../../messaging/messaging-test.kit';
import { makeTestCertificate } from '../../webpush/support/test-certificate';
import { FcmReceiver } from './fcm-receiver';
import {
  FCM_PROJECT_ID,
  PUBLIC_BASE_URL,
  startWorkerInProcess,
  testAccessToken,
  workerEnv,
} from './mobile-worker.harness';
import { type ChannelProgress, pollChannelProgress, startDispatcher } from '../../support/pipeline';

export { PUBLIC_BASE_URL };

export type MobileProgress = ChannelProgress;

export interface MobilePipeline {
  api: AlertApiTestApp;
  staff: Staff;
  receiver: FcmReceiver;
  /** GET /v1/alerts/{id}/deliveries as the operator, polled until `until` holds for the mobile channel. */
  mobileProgress: (alertId: string, until: (mobile: MobileProgress) => boolean) => Promise<MobileProgress>;
  close: () => Promise<void>;
}

export async function startMobilePipeline(options: { dispatchBatchSize: number }): Promise<MobilePipeline> {
  const prefix = uniquePrefix('mobile-pipeline');
  const certificate = makeTestCertificate();
  const accessToken = testAccessToken();
  const receiver = await new FcmReceiver(certificate, { projectId: FCM_PROJECT_ID, accessToken }).start();
  const closers: (() => Promise<unknown>)[] = [
    () => Promise.resolve(certificate.remove()),
    () => receiver.stop(),
  ];
  const close = async () => {
    // Consumers first (they write to the database), alert-api last: it drops the database.
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const api = await startAlertApi({
      TOPIC_PREFIX: prefix,
      PUBLIC_BASE_URL,
      SUBSCRIPTION_RATE_LIMIT_PER_MINUTE: '1000',
    });
    closers.push(() => api.close());
    await startKafkaConsumers(api.app);
    const dispatcher = await startDispatcher(api.database.url, prefix, {
      DISPATCH_BATCH_SIZE: String(options.dispatchBatchSize),
    });
    closers.push(() => dispatcher.close());
    const worker = await startWorkerInProcess(
      workerEnv({
        databaseUrl: api.database.url,
        topicPrefix: prefix,
        receiverOrigin: receiver.origin,
        caFile: certificate.certFile,
        accessToken,
      }),
    );
    closers.push(() => worker.close());
    const staff = await loginStaff(api);
    return {
      api,
      staff,
      receiver,
      mobileProgress: (alertId, until) => pollChannelProgress(api, staff.operator, alertId, 'mobile', until),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
