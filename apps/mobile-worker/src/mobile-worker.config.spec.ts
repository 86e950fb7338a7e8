import { loadConfig } from '@childalert/config';
import { mobileWorkerConfigSchema } from './mobile-worker.config';

const serviceAccount = JSON.stringify({
  project_id: 'childalert-gr',
  client_email: 'fcm@childalert-gr.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n',
});

describe('mobileWorkerConfigSchema', () => {
  it('starts with no setting at all outside production', () => {
    const sut = loadConfig(mobileWorkerConfigSchema, {});
    expect(sut).toMatchObject({
      FCM_PROJECT_ID: '',
      FCM_BATCH_SIZE: 500,
      FCM_ANDROID_CHANNEL_ID: 'child_alerts',
    });
  });

  it('requires the project and a credential in production and refuses the test receiver there', () => {
    expect(() =>
      loadConfig(mobileWorkerConfigSchema, {
        NODE_ENV: 'production',
        FCM_TEST_RECEIVER_URL: 'https://127.0.0.1:8443',
        FCM_TEST_ACCESS_TOKEN: 't',
      }),
    ).toThrow(
      /FCM_PROJECT_ID: required in production[\s\S]*FCM_SERVICE_ACCOUNT_JSON: set it[\s\S]*FCM_TEST_RECEIVER_URL: tests only/,
    );
    expect(
      loadConfig(mobileWorkerConfigSchema, {
        NODE_ENV: 'production',
        FCM_PROJECT_ID: 'childalert-gr',
        FCM_SERVICE_ACCOUNT_JSON: serviceAccount,
      }).FCM_PROJECT_ID,
    ).toBe('childalert-gr');
  });

  it('takes a test receiver on loopback https only, with its CA and token', () => {
    expect(() =>
      loadConfig(mobileWorkerConfigSchema, {
        FCM_PROJECT_ID: 'childalert-test',
        FCM_TEST_RECEIVER_URL: 'https://fcm.example.com:443',
      }),
    ).toThrow(/FCM_TEST_RECEIVER_URL: expected https:\/\/127[\s\S]*FCM_TEST_RECEIVER_CA_FILE: required/);
    expect(() => loadConfig(mobileWorkerConfigSchema, { FCM_SERVICE_ACCOUNT_JSON: '{"a":1}' })).toThrow(
      'FCM_SERVICE_ACCOUNT_JSON: expected a service account key',
    );
    expect(() => loadConfig(mobileWorkerConfigSchema, { FCM_BATCH_SIZE: '501' })).toThrow('FCM_BATCH_SIZE');
  });
});
