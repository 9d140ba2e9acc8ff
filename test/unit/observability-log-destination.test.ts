import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferedLogDestination } from '../../src/observability/log-destination';
import { createLogger } from '../../src/observability/logger';

/**
 * The gateway's log destination writes lines in batches, off the request's path; no line is lost
 * when the process ends (process.exit after a graceful shutdown, an uncaught exception, the event
 * loop running out), and a closed stdout never keeps the process from ending. The exits run in
 * child processes writing to a real stdout pipe.
 */
const ROOT = join(__dirname, '../..');

function runChild(script: string, opts: { closeStdout?: boolean } = {}): Promise<{ code: number | null; lines: string[] }> {
  const source = `
    const { bufferedLogDestination } = require('./src/observability/log-destination');
    const { createLogger } = require('./src/observability/logger');
    const logger = createLogger('info', bufferedLogDestination(1));
    ${script}
  `;
  const child = spawn(process.execPath, ['-r', './test/helpers/ts-register-cached.js', '-e', source], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  if (opts.closeStdout) child.stdout.destroy();
  else child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  return new Promise((resolve) => child.once('exit', (code) => {
    setImmediate(() => resolve({ code, lines: out.split('\n').filter(Boolean) }));
  }));
}

describe('buffered log destination', () => {
  it('batches lines: a line is not written on the request path, and all of them are once flushed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o2c-log-'));
    const file = join(dir, 'log');
    const fd = openSync(file, 'w');
    try {
      const exitListeners: Array<() => void> = [];
      const logger = createLogger('info', bufferedLogDestination(fd, (listener) => exitListeners.push(listener)));
      logger.info({ requestId: 'r-1' }, 'request finished');
      logger.info({ requestId: 'r-2' }, 'request finished');
      expect(readFileSync(file, 'utf8')).toBe('');
      expect(exitListeners).toHaveLength(1); // what waits is written at exit
      exitListeners[0]();
      expect(readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).requestId)).toEqual(['r-1', 'r-2']);
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every line when the process exits with process.exit (graceful shutdown)', async () => {
    const { code, lines } = await runChild(`
      for (let i = 0; i < 500; i++) logger.info({ requestId: 'r-' + i }, 'request finished');
      logger.info('stopped');
      process.exit(0);
    `);
    expect(code).toBe(0);
    expect(lines).toHaveLength(501);
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'request finished', requestId: 'r-0' });
    expect(JSON.parse(lines[500])).toMatchObject({ msg: 'stopped' });
  }, 30_000);

  it('keeps every line when the process crashes on an uncaught exception', async () => {
    const { code, lines } = await runChild(`
      logger.info('before the crash');
      setTimeout(() => { logger.error('about to throw'); throw new Error('boom'); }, 5);
    `);
    expect(code).toBe(1);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['before the crash', 'about to throw']);
  }, 30_000);

  it('writes a line by itself within a moment when nothing else is logged (the event loop stays free)', async () => {
    const { code, lines } = await runChild(`
      logger.info('alone');
      setTimeout(() => { process.stdout.write('{"msg":"later"}\\n'); }, 500);
    `);
    expect(code).toBe(0);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['alone', 'later']);
  }, 30_000);

  it('ends promptly when stdout is closed (EPIPE): logging turns off, nothing retried', async () => {
    const { code } = await runChild(`
      process.stdout.on('error', () => undefined);
      setTimeout(() => {
        for (let i = 0; i < 2000; i++) logger.info({ i }, 'x'.repeat(200));
        process.exit(0);
      }, 200);
    `, { closeStdout: true });
    expect(code).toBe(0);
  }, 30_000);
});
