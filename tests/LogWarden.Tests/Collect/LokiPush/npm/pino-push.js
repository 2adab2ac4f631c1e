// Sends COUNT lines to a Loki push endpoint with pino-loki (JSON bodies), then closes the stream, which
// flushes the last batch and waits for its answer.
// usage: node pino-push.js URL COUNT
'use strict';
const pino = require('pino');
const { pinoLoki } = require('pino-loki');

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
const originalError = console.error;
let failed = false;
console.error = (...args) => { failed = true; originalError(...args); }; // pino-loki reports failed pushes here

const stream = pinoLoki({
  host: url,
  labels: { app: 'api', env: 'test' },
  batching: { interval: 0.1 },
  structuredMetaKey: 'meta',
});
const logger = pino({ level: 'debug' }, stream);

for (let i = 0; i < count; i++) {
  if (i % 10 === 7) {
    logger.error({ meta: { trace_id: `t${i}` } }, `request ${i} failed`);
  } else {
    logger.info(`request ${i} served`);
  }
}

stream.on('close', () => process.exit(failed ? 1 : 0));
stream.end();
