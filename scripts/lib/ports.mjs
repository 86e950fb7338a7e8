import net from 'node:net';

/** True when nothing listens on host:port (the check binds it briefly). */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `preferred` if free, else any free port (and says so through `warn`). */
export async function portOrFree(preferred, what, warn, host = '127.0.0.1') {
  if (await isPortFree(preferred, host)) return preferred;
  const port = await freePort(host);
  warn(`port ${preferred} is taken; ${what} uses ${port} instead`);
  return port;
}
