import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(__dirname, '..', '..');

/** A TCP port free on loopback right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * An app's real main.ts (apps/<app>/src/main.ts) in a child process, its
 * TypeScript compiled on the fly by scripts/lib/register-ts.cjs, so that a
 * test can kill -9 it: nothing of the app's shutdown runs.
 */
export class AppProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** Every line the app wrote to stdout and stderr. */
  readonly output: string[] = [];

  /**
   * @param app the folder under apps/, e.g. `email-worker`
   * @param options.echo also copy the app's output to this process's stderr
   */
  constructor(
    private readonly app: string,
    private readonly env: Record<string, string>,
    private readonly options: { echo?: boolean } = {},
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(port: number): this {
    const child = spawn(
      process.execPath,
      [
        '-r',
        path.join(root, 'scripts', 'lib', 'register-ts.cjs'),
        path.join(root, 'apps', this.app, 'src', 'main.ts'),
      ],
      {
        cwd: root,
        env: { ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        this.output.push(line);
        if (this.options.echo) process.stderr.write(`[${this.app} ${child.pid}] ${line}\n`);
      });
    }
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
    return this;
  }

  /** Starts on a free loopback port and resolves once ready there; returns the port. */
  async startReady(timeoutMs?: number): Promise<number> {
    const port = await freePort();
    this.start(port);
    await this.waitUntilReady(port, timeoutMs);
    return port;
  }

  /** Resolves when /health/ready answers 200 (for a worker: its consumer joined its group). */
  async waitUntilReady(port: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) {
        throw new Error(`${this.app} exited before it was ready:\n${this.output.slice(-20).join('\n')}`);
      }
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.app} not ready in ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  async kill9(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, the app's graceful shutdown; SIGKILL if it has not exited in 20 s. */
  async stop(): Promise<void> {
    if (this.child === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}
