// One app as a child process of `npm start`: its output prefixed with its
// name, readiness awaited on /health/ready, stopped with SIGTERM (Nest's
// shutdown hooks) and killed if it does not finish in time.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

export class AppProcess {
  /**
   * @param {{ name: string, port: number, host: string, entry: string, preload: string,
   *           env: NodeJS.ProcessEnv, cwd: string, write: (line: string) => void }} options
   */
  constructor(options) {
    this.name = options.name;
    this.port = options.port;
    this.url = `http://${probeHost(options.host)}:${options.port}`;
    this.options = options;
    this.child = undefined;
    this.exited = undefined;
    this.stopping = false;
  }

  start() {
    const { entry, preload, env, cwd, write } = this.options;
    this.child = spawn(process.execPath, ['-r', preload, entry], {
      cwd,
      env: { ...env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    readline.createInterface({ input: this.child.stdout }).on('line', write);
    readline.createInterface({ input: this.child.stderr }).on('line', write);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
      this.child.once('error', (error) => resolve({ code: null, signal: null, error }));
    });
    return this;
  }

  get pid() {
    return this.child?.pid;
  }

  /** Resolves when /health/ready answers 200; rejects if the app exits first, the deadline passes or `cancelled()`. */
  async waitUntilReady(deadlineMs, cancelled = () => false) {
    const deadline = Date.now() + deadlineMs;
    let exit;
    void this.exited.then((result) => (exit = result));
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (cancelled()) throw new Error(`stopped while waiting for ${this.name}`);
      if (exit) throw new Error(`${this.name} exited before it was ready (${describeExit(exit)})`);
      try {
        const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error.cause?.code ?? error.message;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.name} was not ready within ${deadlineMs} ms (last answer: ${last})`);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000) {
    this.stopping = true;
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  kill() {
    this.stopping = true;
    this.child?.kill('SIGKILL');
  }
}

export function describeExit({ code, signal, error }) {
  if (error) return error.message;
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

function probeHost(host) {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
