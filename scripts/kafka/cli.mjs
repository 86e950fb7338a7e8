// `npm run kafka:start`: a dev broker in the foreground on 127.0.0.1:9092
// (data in .data/kafka), until Ctrl-C. KAFKA_PORT, KAFKA_CONTROLLER_PORT (by
// default the next port) and KAFKA_DATA_DIR change them, as the resilience
// tests do to stop and restart a broker of their own. `node scripts/kafka/cli.mjs fetch`
// only downloads the jars (CI does this before the tests).
import path from 'node:path';
import { fetchJars, jarCacheSize, jarDir, startBroker } from './broker.mjs';

const command = process.argv[2] ?? 'start';
if (command === 'fetch') {
  const started = Date.now();
  fetchJars();
  console.log(`kafka jars in ${jarDir}: ${JSON.stringify(jarCacheSize())} (${Date.now() - started} ms)`);
} else if (command === 'start') {
  const port = Number(process.env.KAFKA_PORT ?? 9092);
  const broker = await startBroker({
    dataDir: path.resolve(process.env.KAFKA_DATA_DIR ?? path.join('.data', 'kafka')),
    port,
    controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? port + 1),
    log: 'inherit',
  });
  console.log(`Kafka ready at ${broker.brokers} in ${broker.startMs} ms; Ctrl-C stops it`);
  const stop = async () => {
    await broker.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  console.error('usage: node scripts/kafka/cli.mjs [start|fetch]');
  process.exit(2);
}
