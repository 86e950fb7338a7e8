import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@childalert/config';
import { createFcmClient } from './fcm/fcm-client';
import { mobileWorkerConfigSchema } from './mobile-worker.config';
import { mobileSettingsOf } from './mobile.settings';

const key = {
  type: 'service_account',
  project_id: 'childalert-gr',
  client_email: 'fcm@childalert-gr.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n',
};

describe(mobileSettingsOf.name, () => {
  it('takes the service account from FCM_SERVICE_ACCOUNT_JSON, the project from its key unless set', () => {
    const sut = mobileSettingsOf(
      loadConfig(mobileWorkerConfigSchema, { FCM_SERVICE_ACCOUNT_JSON: JSON.stringify(key) }),
    );
    expect(sut.projectId).toBe('childalert-gr');
    expect(sut.credential).toEqual({
      kind: 'service-account',
      serviceAccount: {
        clientEmail: key.client_email,
        privateKey: key.private_key,
        projectId: 'childalert-gr',
      },
    });
  });

  it('reads the key file GOOGLE_APPLICATION_CREDENTIALS names; FCM_PROJECT_ID wins', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fcm-key-'));
    try {
      const file = path.join(dir, 'key.json');
      writeFileSync(file, JSON.stringify(key));
      const sut = mobileSettingsOf(
        loadConfig(mobileWorkerConfigSchema, {
          GOOGLE_APPLICATION_CREDENTIALS: file,
          FCM_PROJECT_ID: 'childalert-cy',
        }),
      );
      expect(sut.projectId).toBe('childalert-cy');
      expect(sut.credential.kind).toBe('service-account');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no FCM client without a credential (development), and no network use to find one', () => {
    const sut = mobileSettingsOf(loadConfig(mobileWorkerConfigSchema, {}));
    expect(sut.credential).toEqual({ kind: 'none' });
    expect(createFcmClient(sut)).toBeUndefined();
  });
});
