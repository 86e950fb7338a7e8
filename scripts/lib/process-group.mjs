// Ctrl-C in a terminal signals the whole foreground process group at once:
// the apps, PostgreSQL and the Kafka JVM would all stop together, in no
// order, with the database gone while apps still flush. So `npm start` runs
// its real work in a supervisor in a process group of its own; this process
// only forwards signals to it, and the supervisor stops things in order.
import { spawn } from 'node:child_process';

const SUPERVISOR = 'CHILDALERT_SUPERVISOR';

/** True in the supervisor; in the launching process it never returns (exits with the supervisor's code). */
export async function runInOwnProcessGroup(scriptPath) {
  if (process.env[SUPERVISOR] === '1') return true;
  const child = spawn(process.execPath, [scriptPath, ...process.argv.slice(2)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SUPERVISOR]: '1' },
  });
  const forward = (signal) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGTERM'));
  const code = await new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`start: could not start the supervisor: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  process.exit(code);
}

/** In the supervisor: calls `onOrphaned` if the launching process disappears (e.g. killed with -9). */
export function watchLauncher(onOrphaned) {
  if (!process.connected) return;
  process.once('disconnect', onOrphaned);
  // The IPC channel must not keep the supervisor alive on its own.
  process.channel?.unref();
}
