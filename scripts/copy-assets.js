// Copies non-TypeScript files the built program reads (the sandbox seed fixtures, the Pub/Sub API proto) into dist/.
const { cpSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
cpSync(join(root, 'src/sandbox/seed'), join(root, 'dist/src/sandbox/seed'), { recursive: true });
// The Pub/Sub API proto, read from dist/src/... as ../../../reference/salesforce/pubsub_api.proto.
cpSync(join(root, 'reference/salesforce/pubsub_api.proto'), join(root, 'dist/reference/salesforce/pubsub_api.proto'));
