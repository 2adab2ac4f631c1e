// Sends COUNT lines to a Loki push endpoint with winston-loki, then waits until they are acknowledged.
// usage: node winston-push.js URL COUNT protobuf|json
// winston-loki sends protobuf + snappy when the snappy package loads (it is installed here), JSON with json: true.
'use strict';
const winston = require('winston');
const LokiTransport = require('winston-loki');

const [url, countText, mode] = process.argv.slice(2);
const count = Number(countText);
let failed = false;
const transport = new LokiTransport({
  host: url,
  json: mode === 'json',
  labels: { app: 'shop', env: 'test' },
  batching: true,
  interval: 0.1,
  replaceTimestamp: false,
  gracefulShutdown: false,
  onConnectionError: (error) => { failed = true; console.error('push failed:', error.message); },
});
const logger = winston.createLogger({ level: 'debug', transports: [transport] });

(async () => {
  for (let i = 0; i < count; i++) {
    if (i % 10 === 3) {
      logger.warn(`payment ${i} retried`, { orderId: i });
    } else {
      logger.info(`order ${i} shipped`);
    }
  }
  await transport.flush();
  await transport.close();
  process.exit(failed ? 1 : 0);
})().catch((error) => { console.error(error); process.exit(2); });
