// The whole path a console user drives, in this process: alert-api listening
// on a loopback port (API, console, public pages), the dispatcher, an e-mail
// worker and a loopback SMTP relay (test/pipeline's harness), with confirmed
// e-mail subscribers around Athens; and the console built from web/.
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  circlesAround,
  type EmailSubscriber,
  seedEmailSubscribers,
} from '../../pipeline/support/email-audience';
import { type EmailPipeline, startEmailPipeline } from '../../pipeline/support/email-pipeline.harness';

const ROOT = path.join(__dirname, '..', '..', '..');

export const ATHENS = { lat: 37.9838, lon: 23.7275 };

export interface ConsoleStack {
  pipeline: EmailPipeline;
  baseUrl: string;
  audience: EmailSubscriber[];
  close: () => Promise<void>;
}

/** Builds the console from the sources under test (about a second), as `npm run build:web` does. */
export function buildConsole(): void {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: ROOT,
      // Jest sets NODE_ENV=test, which would bundle React's development build: test what ships.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

export async function startConsoleStack(audienceSize: number): Promise<ConsoleStack> {
  buildConsole();
  const pipeline = await startEmailPipeline({ dispatchBatchSize: 5 });
  try {
    const audience = await seedEmailSubscribers(
      pipeline.api.pool,
      circlesAround(ATHENS, audienceSize, { spreadKm: 8, addressPrefix: 'browser' }),
    );
    await pipeline.api.app.listen(0, '127.0.0.1');
    const { port } = pipeline.api.app.getHttpServer().address() as AddressInfo;
    return { pipeline, baseUrl: `http://127.0.0.1:${port}`, audience, close: () => pipeline.close() };
  } catch (error) {
    await pipeline.close();
    throw error;
  }
}
