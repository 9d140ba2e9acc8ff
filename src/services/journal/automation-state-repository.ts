import { Kysely } from 'kysely';
import { JournalTables } from './journal-tables';
import { fromStoredJson, fromStoredTimeOrNull, toStoredJson, toStoredTime } from './stored-values';

/** Who holds a named lease, and until when. */
export interface LeaseHolder {
  owner: string;
  expiresAt: Date;
}

/**
 * Named automation state in the journal (table automation_state): values the automation must find
 * again after a restart or on another replica (the subscriber's replay id checkpoint, the sweep's
 * watermark), and leader leases (one replica subscribes; another takes over once the lease expires).
 */
export class AutomationStateRepository {
  constructor(private readonly db: Kysely<JournalTables>) {}

  /** The value stored under `name`, or null. */
  async read<T>(name: string): Promise<T | null> {
    const row = await this.db.selectFrom('automation_state').select('value_json').where('name', '=', name).executeTakeFirst();
    return row ? (fromStoredJson(row.value_json) as T | null) : null;
  }

  /** Stores `value` under `name` (a lease held on the same name is left as it is). */
  async write(name: string, value: unknown, now: Date = new Date()): Promise<void> {
    const stored = { value_json: toStoredJson(value), updated_at: toStoredTime(now) };
    await this.db
      .insertInto('automation_state')
      .values({ name, ...stored, lease_owner: null, lease_expires_at: null })
      .onConflict((oc) => oc.column('name').doUpdateSet(stored))
      .execute();
  }

  /**
   * Takes or renews the lease `name` for `owner` until now + leaseMs, atomically across replicas:
   * it succeeds when nobody holds the lease, the owner already does, or the holder's lease expired.
   * True when `owner` holds it afterwards.
   */
  async acquireLease(name: string, owner: string, leaseMs: number, now: Date = new Date()): Promise<boolean> {
    if (!(leaseMs > 0)) throw new RangeError('leaseMs must be positive');
    const at = toStoredTime(now);
    const lease = { lease_owner: owner, lease_expires_at: toStoredTime(new Date(now.getTime() + leaseMs)), updated_at: at };
    const inserted = await this.db
      .insertInto('automation_state')
      .values({ name, value_json: null, ...lease })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
    const updated = await this.db
      .updateTable('automation_state')
      .set(lease)
      .where('name', '=', name)
      .where((eb) => eb.or([
        eb('lease_owner', 'is', null),
        eb('lease_owner', '=', owner),
        eb('lease_expires_at', 'is', null),
        eb('lease_expires_at', '<=', at),
      ]))
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  /** Gives the lease up at once (a clean shutdown), so another replica need not wait for it to expire. */
  async releaseLease(name: string, owner: string, now: Date = new Date()): Promise<void> {
    await this.db
      .updateTable('automation_state')
      .set({ lease_owner: null, lease_expires_at: null, updated_at: toStoredTime(now) })
      .where('name', '=', name)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** The lease's holder while it is live at `now`; null when nobody holds it. */
  async leaseHolder(name: string, now: Date = new Date()): Promise<LeaseHolder | null> {
    const row = await this.db.selectFrom('automation_state').select(['lease_owner', 'lease_expires_at']).where('name', '=', name).executeTakeFirst();
    const expiresAt = fromStoredTimeOrNull(row?.lease_expires_at ?? null);
    if (!row?.lease_owner || !expiresAt || expiresAt.getTime() <= now.getTime()) return null;
    return { owner: row.lease_owner, expiresAt };
  }
}
