import { Migration, MigrationProvider } from 'kysely';
import { initialSchema } from './migrations/0001-initial-schema';
import { runEffectiveAt } from './migrations/0002-run-effective-at';
import { automation } from './migrations/0003-automation';
import { stiggWebhookEvents } from './migrations/0004-stigg-webhook-events';

/**
 * The journal's migrations, in code (no folder scanning, so they ship inside
 * any bundle). Names sort in the order they apply; never rename or edit one
 * that has shipped, add a new one.
 */
export const JOURNAL_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial-schema': initialSchema,
  '0002-run-effective-at': runEffectiveAt,
  '0003-automation': automation,
  '0004-stigg-webhook-events': stiggWebhookEvents,
};

export class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Readonly<Record<string, Migration>> = JOURNAL_MIGRATIONS) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.migrations };
  }
}
