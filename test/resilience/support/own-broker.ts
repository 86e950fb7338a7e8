import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { freePort } from '../../support/app-process';

const root = path.resolve(__dirname, '..', '..', '..');

/**
 * A Kafka broker of the test's own (the project's scripts/kafka/cli.mjs in a
 * child process), on fixed ports and a data directory that outlive a stop, so
 * that the test can stop it mid fan-out and start it again as the same broker
 * with the same topics, offsets and consumer groups. The suite's shared
 * broker is never touched.
 */
export class OwnBroker {
  private child: ChildProcess | undefined;
  private readonly dataDir = mkdtempSync(path.join(os.tmpdir(), 'resilience-kafka-'));
  port = 0;
  private controllerPort = 0;

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    if (this.port === 0) {
      this.port = await freePort();
      this.controllerPort = await freePort();
    }
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'kafka', 'cli.mjs'), 'start'], {
      cwd: root,
      env: {
        ...process.env,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        KAFKA_DATA_DIR: this.dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const output: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`own broker not ready in 90 s:\n${output.join('\n')}`)),
        90_000,
      );
      for (const stream of [child.stdout, child.stderr]) {
        readline.createInterface({ input: stream }).on('line', (line) => {
          output.push(line);
          if (line.startsWith('Kafka ready at')) {
            clearTimeout(timer);
            resolve();
          }
        });
      }
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`own broker exited (${code}) before it was ready:\n${output.join('\n')}`));
      });
    });
    return this;
  }

  /** A controlled shutdown (SIGTERM to the broker): what an operator's restart does. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
