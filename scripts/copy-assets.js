// Copies non-TypeScript files the built program reads (the sandbox seed fixtures) into dist/.
const { cpSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
cpSync(join(root, 'src/sandbox/seed'), join(root, 'dist/src/sandbox/seed'), { recursive: true });
