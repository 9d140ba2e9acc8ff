import { randomUUID } from 'node:crypto';
import { CreditGrant } from '../../domain/stigg-entities';
import { GatewayError } from '../../errors/gateway-error';
import { Journal } from '../journal';
import { StiggGateway } from '../stigg/stigg-gateway';
import { isUncertainOutcome } from '../stigg/stigg-error';
import { paymentCollectionToStigg } from '../stigg/stigg-mappers';
import { requestHash } from '../provisioning/request-hash';
import { GrantCreditsRequest, validateGrantCreditsRequest } from './grant-credits-request';

const SCOPE = 'grantCredits';

/**
 * grantCredits exactly once: the idempotency key (the caller's, or one made
 * here) is stored on the grant (additionalMetaData) and looked up before any
 * write, so a retried call or a response lost after Stigg created the grant
 * never makes a second grant. The grant is sent once, without the SDK's replays.
 */
export class CreditGrants {
  /** Calls in flight per idempotency key: concurrent retries in this process share one grant. */
  private readonly inFlight = new Map<string, Promise<CreditGrant>>();

  constructor(private readonly stigg: StiggGateway, private readonly journal: Journal) {}

  async grant(request: GrantCreditsRequest, now = new Date()): Promise<CreditGrant> {
    validateGrantCreditsRequest(request, now);
    const key = request.idempotencyKey?.trim();
    if (!key) return this.grantOnce(request);
    // Two calls with one key at once would both find no grant and both send one:
    // the second waits for the first and then finds its grant by the key.
    const previous = this.inFlight.get(key);
    const attempt = (previous ?? Promise.resolve(null)).catch(() => null).then(() => this.grantOnce(request));
    this.inFlight.set(key, attempt);
    try {
      return await attempt;
    } finally {
      if (this.inFlight.get(key) === attempt) this.inFlight.delete(key);
    }
  }

  private async grantOnce(request: GrantCreditsRequest): Promise<CreditGrant> {
    const { idempotencyKey, ...identity } = request;
    const hash = requestHash(identity);
    if (idempotencyKey) {
      const reserved = await this.journal.idempotencyKeys.reserveIdempotencyKey({ scope: SCOPE, key: idempotencyKey, requestHash: hash, resultType: 'CreditGrant' });
      if (reserved.outcome === 'REUSED') {
        throw new GatewayError('IDEMPOTENCY_KEY_REUSED', 'This idempotencyKey was already used with a different input.', { field: 'idempotencyKey' });
      }
    }

    const [customer, catalog] = await Promise.all([this.stigg.findCustomer(request.customerId), this.stigg.reader.catalog()]);
    if (!customer) throw new GatewayError('NOT_FOUND', `Stigg has no customer ${request.customerId}.`, { field: 'customerId' });
    if (!catalog.customCurrencies.some((c) => c.id === request.currencyId)) {
      throw new GatewayError('NOT_FOUND', `Stigg has no custom currency ${request.currencyId}.`, { field: 'currencyId' });
    }

    const key = idempotencyKey ?? `gateway-${randomUUID()}`;
    if (idempotencyKey) {
      const earlier = await this.findByKey(request.customerId, key);
      if (earlier) return earlier;
    }
    let grant: CreditGrant;
    try {
      grant = await this.stigg.createCreditGrant({
        customerId: request.customerId,
        currencyId: request.currencyId,
        grantType: request.grantType,
        displayName: request.displayName,
        amount: request.amount,
        ...(request.resourceId ? { resourceId: request.resourceId } : {}),
        ...(request.comment ? { comment: request.comment } : {}),
        ...(request.effectiveAt ? { effectiveAt: request.effectiveAt.toISOString() } : {}),
        ...(request.expiresAt ? { expireAt: request.expiresAt.toISOString() } : {}),
        ...(request.priority !== null && request.priority !== undefined ? { priority: request.priority } : {}),
        ...(request.paymentCollectionMethod ? { paymentCollectionMethod: paymentCollectionToStigg(request.paymentCollectionMethod) } : {}),
        ...(request.cost ? { cost: { amount: request.cost.amount, currency: request.cost.currency.toUpperCase() } } : {}),
        additionalMetaData: { idempotencyKey: key },
      });
    } catch (err) {
      if (!isUncertainOutcome(err)) throw err;
      // The grant may exist although the answer was lost: look before anyone sends it again.
      const made = await this.findByKey(request.customerId, key);
      if (!made) throw err;
      grant = made;
    }
    if (idempotencyKey) await this.journal.idempotencyKeys.attachResult(SCOPE, idempotencyKey, grant.id, 'CreditGrant');
    return grant;
  }

  /** Voids a grant: its remaining credits leave the balance. Unknown grant: NOT_FOUND. */
  async void(grantId: string): Promise<CreditGrant> {
    const id = grantId.trim();
    if (!id) throw GatewayError.badInput('grantId', 'grantId must not be empty');
    try {
      return await this.stigg.voidCreditGrant(id);
    } catch (err) {
      const upstreamCode = (err as GatewayError).extensions?.upstreamCode;
      if (upstreamCode === 'CreditGrantNotFound') {
        throw new GatewayError('NOT_FOUND', `Stigg has no credit grant ${id}.`, { field: 'grantId' });
      }
      if (upstreamCode === 'CreditGrantAlreadyVoided') {
        throw new GatewayError('UPSTREAM_REJECTED', `Credit grant ${id} is already voided; nothing changed.`,
          { field: 'grantId', service: 'stigg', upstreamCode });
      }
      throw err;
    }
  }

  private async findByKey(customerId: string, key: string): Promise<CreditGrant | null> {
    const grants = await this.stigg.reader.creditGrantsByCustomerIds([customerId]);
    return grants.find((g) => g.idempotencyKey === key) ?? null;
  }
}
