// Processes an earlier `npm start` could not stop (it was killed with -9, the
// machine slept...) hold ports and data folders. Their pids are recorded in
// .data/start.pids; the next start stops those still running, after checking
// /proc that the pid still belongs to the same program.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid, ms) {
  const deadline = Date.now() + ms;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return !alive(pid);
}

export class PidFile {
  constructor(path) {
    this.path = path;
    this.entries = [];
  }

  /** Stops what the last run left behind; returns a description of each. */
  async stopLeftovers() {
    if (!existsSync(this.path)) return [];
    let entries = [];
    try {
      entries = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch {
      // unreadable: nothing we can act on safely
    }
    const stopped = [];
    // The order a clean stop uses: apps, then the database, then the broker.
    const rank = (name) => ({ postgres: 1, kafka: 2 })[name] ?? 0;
    entries.sort((a, b) => rank(a.name) - rank(b.name));
    for (const { pid, name, match } of entries) {
      const command = commandLine(pid);
      if (command === undefined || !command.includes(match)) continue;
      process.kill(pid, name === 'postgres' ? 'SIGINT' : 'SIGTERM');
      if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGKILL');
      stopped.push(`${name} (pid ${pid})`);
    }
    rmSync(this.path, { force: true });
    return stopped;
  }

  add(name, pid, match) {
    if (pid === undefined) return;
    this.entries.push({ name, pid, match });
    writeFileSync(this.path, JSON.stringify(this.entries, null, 2));
  }

  clear() {
    this.entries = [];
    rmSync(this.path, { force: true });
  }
}
