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
/** Journal record of a grant's customer (grant id -> customer id): a grant can be read back from Stigg only through its customer. */
const GRANT_CUSTOMER_SCOPE = 'creditGrantCustomer';
/** How long a call waits for another call holding the same key. */
const RESERVATION_WAIT_MS = 15_000;
/** A reservation with no result after this long belongs to a call that died. */
const RESERVATION_STALE_MS = 60_000;

/**
 * grantCredits exactly once: the idempotency key (the caller's, or one made
 * here) is stored on the grant (additionalMetaData) and looked up before any
 * write, so a retried call or a response lost after Stigg created the grant
 * never makes a second grant. The grant is sent once, without the SDK's replays.
 */
export class CreditGrants {
  constructor(private readonly stigg: StiggGateway, private readonly journal: Journal) {}

  async grant(request: GrantCreditsRequest, now = new Date()): Promise<CreditGrant> {
    validateGrantCreditsRequest(request, now);
    const idempotencyKey = request.idempotencyKey?.trim() || null;
    return this.grantOnce({ ...request, idempotencyKey });
  }

  private async grantOnce(request: GrantCreditsRequest): Promise<CreditGrant> {
    const { idempotencyKey, ...identity } = request;
    const hash = requestHash(identity);
    if (idempotencyKey) {
      const reserved = await this.awaitReservation(idempotencyKey, hash);
      if (reserved === 'MADE') {
        const earlier = await this.findByKey(request.customerId, idempotencyKey);
        if (earlier) return earlier;
        throw new GatewayError('UPSTREAM_REJECTED', 'The grant made for this idempotencyKey is no longer listed by Stigg.', { field: 'idempotencyKey', service: 'stigg' });
      }
    }
    try {
      return await this.checkedGrant(request, idempotencyKey ?? null);
    } catch (err) {
      // This call is no longer in flight: free the key. Whether or not Stigg made the grant,
      // the next call with it looks the grant up by its key before sending anything.
      if (idempotencyKey) await this.journal.idempotencyKeys.releaseIdempotencyKey(SCOPE, idempotencyKey);
      throw err;
    }
  }

  /**
   * Reserves the key in the journal (shared by every replica): the reservation
   * is held while a call is in flight, and points at the grant once made. A call
   * finding it held waits (a reservation older than RESERVATION_STALE_MS belongs
   * to a process that died and is taken over; its grant, if any, is found by key).
   */
  private async awaitReservation(key: string, hash: string): Promise<'NEW' | 'MADE' | 'ABANDONED'> {
    const deadline = Date.now() + RESERVATION_WAIT_MS;
    for (;;) {
      const reserved = await this.journal.idempotencyKeys.reserveIdempotencyKey({ scope: SCOPE, key, requestHash: hash, resultType: 'CreditGrant' });
      if (reserved.outcome === 'REUSED') {
        throw new GatewayError('IDEMPOTENCY_KEY_REUSED', 'This idempotencyKey was already used with a different input.', { field: 'idempotencyKey' });
      }
      if (reserved.outcome === 'NEW') return 'NEW';
      if (reserved.resultId) return 'MADE';
      if (Date.now() - reserved.reservedAt.getTime() > RESERVATION_STALE_MS) return 'ABANDONED';
      if (Date.now() > deadline) {
        throw new GatewayError('PROVISIONING_IN_PROGRESS', 'A grant with this idempotencyKey is being made right now; ask again in a moment.', { field: 'idempotencyKey' });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async checkedGrant(request: GrantCreditsRequest, idempotencyKey: string | null): Promise<CreditGrant> {
    const [customer, catalog] = await Promise.all([this.stigg.findCustomer(request.customerId), this.stigg.reader.catalog()]);
    if (!customer) throw new GatewayError('NOT_FOUND', `Stigg has no customer ${request.customerId}.`, { field: 'customerId' });
    if (!catalog.customCurrencies.some((c) => c.id === request.currencyId)) {
      throw new GatewayError('NOT_FOUND', `Stigg has no custom currency ${request.currencyId}.`, { field: 'currencyId' });
    }

    const key = idempotencyKey ?? `gateway-${randomUUID()}`;
    if (idempotencyKey) {
      // A call with this key that failed after sending may have made the grant: look first.
      const earlier = await this.findByKey(request.customerId, key);
      if (earlier) {
        await this.rememberCustomerOf(earlier);
        await this.journal.idempotencyKeys.attachResult(SCOPE, idempotencyKey, earlier.id, 'CreditGrant');
        return earlier;
      }
    }
    let grant: CreditGrant;
    try {
      grant = await this.stigg.createCreditGrant({
        customerId: request.customerId,
        currencyId: request.currencyId,
        grantType: request.grantType as 'PAID' | 'PROMOTIONAL',
        displayName: request.displayName,
        amount: request.amount,
        ...(request.resourceId ? { resourceId: request.resourceId } : {}),
        ...(request.comment ? { comment: request.comment } : {}),
        ...(request.effectiveAt ? { effectiveAt: request.effectiveAt.toISOString() } : {}),
        ...(request.expiresAt ? { expireAt: request.expiresAt.toISOString() } : {}),
        ...(request.priority !== null && request.priority !== undefined ? { priority: request.priority } : {}),
        ...(request.paymentCollectionMethod ? { paymentCollectionMethod: paymentCollectionToStigg(request.paymentCollectionMethod) } : {}),
        // An invoice is paid by a person, later: answer now with the grant PAYMENT_PENDING rather than wait for it.
        ...(request.paymentCollectionMethod === 'INVOICE' ? { awaitPaymentConfirmation: false } : {}),
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
    await this.rememberCustomerOf(grant);
    if (idempotencyKey) await this.journal.idempotencyKeys.attachResult(SCOPE, idempotencyKey, grant.id, 'CreditGrant');
    return grant;
  }

  /**
   * Voids a grant: its remaining credits leave the balance. Voiding a voided grant answers the
   * grant (VOIDED), so a retried void is no failure. Unknown grant: NOT_FOUND.
   */
  async void(grantId: string): Promise<CreditGrant> {
    const id = grantId.trim();
    if (!id) throw GatewayError.badInput('grantId', 'grantId must not be empty');
    try {
      const voided = await this.stigg.voidCreditGrant(id);
      await this.rememberCustomerOf(voided);
      return voided;
    } catch (err) {
      const upstreamCode = (err as GatewayError).extensions?.upstreamCode;
      if (upstreamCode === 'CreditGrantNotFound') {
        throw new GatewayError('NOT_FOUND', `Stigg has no credit grant ${id}.`, { field: 'grantId' });
      }
      if (upstreamCode === 'CreditGrantAlreadyVoided') {
        const voided = await this.readBack(id);
        if (voided) return voided;
        // A grant the gateway never made nor voided: Stigg lists grants only by customer, and its customer is unknown here.
        throw new GatewayError('UPSTREAM_REJECTED', `Credit grant ${id} is already voided; nothing changed.`,
          { field: 'grantId', service: 'stigg', upstreamCode });
      }
      throw err;
    }
  }

  /** A grant read back by its id, through the customer the journal recorded for it (null when none is recorded). */
  private async readBack(grantId: string): Promise<CreditGrant | null> {
    const owner = await this.journal.idempotencyKeys.findResult(GRANT_CUSTOMER_SCOPE, grantId);
    if (!owner) return null;
    const grants = await this.stigg.reader.creditGrantsByCustomerIds([owner.resultId]);
    return grants.find((g) => g.id === grantId) ?? null;
  }

  /** Records the grant's customer in the journal, so that the grant can be read back knowing only its id. */
  private async rememberCustomerOf(grant: CreditGrant): Promise<void> {
    await this.journal.idempotencyKeys.recordResult(GRANT_CUSTOMER_SCOPE, grant.id, 'Customer', grant.customerId);
  }

  private async findByKey(customerId: string, key: string): Promise<CreditGrant | null> {
    const grants = await this.stigg.reader.creditGrantsByCustomerIds([customerId]);
    return grants.find((g) => g.idempotencyKey === key) ?? null;
  }
}
