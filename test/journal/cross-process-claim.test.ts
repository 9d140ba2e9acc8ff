import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describeEachJournal } from './journal-test-targets';
import { aClaim } from './journal-test-data';

const CHILD = join(__dirname, 'fixtures', 'claim-in-child.js');

interface ChildResult { owner: string; outcome: string; runId: string }

/** A child process running fixtures/claim-in-child.js: ready -> go -> results. */
class ClaimingProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private stderr = '';
  private readonly waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(input: object) {
    this.child = spawn(process.execPath, [CHILD, JSON.stringify(input)], { stdio: 'pipe' });
    let buffer = '';
    this.child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        this.lines.push(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
      }
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString('utf8'); });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => {
      this.waiters.splice(0).forEach((wake) => wake());
      resolve(code);
    }));
  }

  async line(index: number): Promise<string> {
    while (this.lines.length <= index) {
      if (this.child.exitCode !== null) throw new Error(`child exited ${this.child.exitCode}: ${this.stderr}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.lines[index];
  }

  go(): void {
    this.child.stdin.end('go\n');
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** Separate node processes (no shared memory, no shared pool) claiming through one database. */
describeEachJournal('claimRun across processes', (target) => {
  const children: ClaimingProcess[] = [];
  beforeAll(async () => {
    await target.open(); // migrate first, so the children race on the claim only
  });
  afterAll(() => children.forEach((c) => c.kill()));

  it('two processes, each firing 5 claims for one opportunity at the same instant: exactly one wins', async () => {
    const { now: _now, ...claim } = aClaim();
    for (const name of ['a', 'b']) {
      children.push(new ClaimingProcess({ location: target.location(), claim, owners: [1, 2, 3, 4, 5].map((i) => `process-${name}-${i}`) }));
    }
    expect(await Promise.all(children.map((c) => c.line(0)))).toEqual(['ready', 'ready']);
    children.forEach((c) => c.go());
    const results: ChildResult[] = (await Promise.all(children.map((c) => c.line(1))))
      .flatMap((line) => JSON.parse(line) as ChildResult[]);
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);

    expect(results).toHaveLength(10);
    expect(results.filter((r) => r.outcome === 'CREATED')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'IN_PROGRESS')).toHaveLength(9);
    expect(new Set(results.map((r) => r.runId)).size).toBe(1);
    const journal = await target.open();
    const stored = await journal.runs.findRunByKey(claim.opportunityId, claim.kind);
    expect(stored!.leaseOwner).toBe(results.find((r) => r.outcome === 'CREATED')!.owner);
  }, 30_000);
});
