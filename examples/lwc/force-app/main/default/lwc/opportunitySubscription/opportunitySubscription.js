/*
 * Opportunity record page card: the Stigg subscription provisioned from this
 * opportunity and the customer's credit balances, read from the order-to-cash
 * gateway with fetch().
 *
 * SECURITY: the key below is shipped to every browser that opens the page, so
 * every user of the org can read it. Use a READ-ONLY browser key only
 * (`npm run keys -- create --name lwc --scopes read --browser`); the gateway
 * never gives a browser key more than `read`. Provisioning and credit grants
 * go server-side (Apex + Named Credential, see O2CGatewayProvisioning.cls).
 *
 * Needs: a CSP Trusted Site for the gateway (connect-src) and the org's
 * Lightning origin in the gateway's GATEWAY_CORS_ORIGINS: see examples/lwc/README.md.
 */
import { LightningElement, api } from 'lwc';

// The same document as examples/operations/lwc-opportunity-subscription.graphql
// (test/browser/lwc-examples.test.ts keeps the two identical).
const QUERY = `query OpportunitySubscriptionCard($id: ID!) {
  opportunity(id: $id) {
    id
    name
    isWon
    subscription {
      id
      status
      planId
      isTrial
      trialEndDate
      checkoutUrl
      billableFeatures { featureId quantity }
      addons { addonId quantity }
    }
    account {
      id
      customer {
        id
        email
        creditBalances { currencyId currentBalance }
      }
    }
  }
}`;

const REQUEST_TIMEOUT_MS = 15000;

const STATUS_LABELS = {
    ACTIVE: 'Active',
    IN_TRIAL: 'In trial',
    PAYMENT_PENDING: 'Payment pending',
    NOT_STARTED: 'Not started',
    CANCELED: 'Canceled',
    EXPIRED: 'Expired'
};

/** Messages for the gateway's stable error codes (errors[].extensions.code). */
const CODE_MESSAGES = {
    UNAUTHENTICATED: 'The gateway refused the browser key. Ask your admin to check the key in this component\'s settings.',
    FORBIDDEN: 'The browser key is not allowed to read this data.',
    NOT_FOUND: 'The gateway does not know this opportunity.',
    RATE_LIMITED: 'Too many requests to the gateway; try again in a moment.',
    UPSTREAM_UNAVAILABLE: 'Stigg or Salesforce did not answer the gateway; some details may be missing.',
    UPSTREAM_RATE_LIMITED: 'An API quota is exhausted; some details may be missing.',
    UPSTREAM_REJECTED: 'An upstream system rejected the request; some details may be missing.'
};

export default class OpportunitySubscription extends LightningElement {
    /** Set by the record page. */
    @api recordId;
    /** Set in Lightning App Builder: e.g. https://o2c-gateway.example.com (no trailing /graphql). */
    @api gatewayUrl;
    /** Set in Lightning App Builder: a READ-ONLY browser key (visible to every user of the org). */
    @api browserKey;

    loading = false;
    opportunity;
    errorMessage;
    warnings = [];

    connectedCallback() {
        this.load();
    }

    handleRefresh() {
        this.load();
    }

    async load() {
        if (!this.recordId) return;
        if (!this.gatewayUrl || !this.browserKey) {
            this.errorMessage = 'This component needs the gateway URL and a read-only browser key (Lightning App Builder, component properties).';
            return;
        }
        this.loading = true;
        this.errorMessage = undefined;
        this.warnings = [];
        // eslint-disable-next-line no-undef
        const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        const timer = controller ? setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS) : undefined;
        try {
            const response = await fetch(`${this.gatewayUrl.replace(/\/+$/, '')}/graphql`, {
                method: 'POST',
                headers: {
                    'content-type': 'application/json',
                    authorization: `Bearer ${this.browserKey}`
                },
                body: JSON.stringify({ query: QUERY, variables: { id: this.recordId } }),
                signal: controller ? controller.signal : undefined
            });
            const body = await response.json().catch(() => ({}));
            const errors = Array.isArray(body.errors) ? body.errors : [];
            if (!response.ok && !body.data) {
                const retryAfter = response.headers.get('retry-after');
                const code = errors[0]?.extensions?.code;
                this.errorMessage = (CODE_MESSAGES[code] ?? `The gateway answered HTTP ${response.status}.`) +
                    (retryAfter ? ` Retry after ${retryAfter} s.` : '');
                this.opportunity = undefined;
                return;
            }
            // GraphQL answers partial data with errors: show what came back, and say what is missing.
            this.opportunity = body.data?.opportunity ?? undefined;
            this.warnings = errors.map((error, index) => ({
                key: `w${index}`,
                text: CODE_MESSAGES[error.extensions?.code] ?? error.message ?? 'Unknown error'
            }));
            if (!this.opportunity && this.warnings.length === 0) {
                this.errorMessage = CODE_MESSAGES.NOT_FOUND;
            }
        } catch (error) {
            // A TypeError here ("Failed to fetch") is usually CORS (the org's Lightning origin is
            // missing from GATEWAY_CORS_ORIGINS) or CSP (no CSP Trusted Site for the gateway).
            this.errorMessage = error?.name === 'AbortError'
                ? 'The gateway did not answer in time.'
                : 'The gateway could not be reached from this page (check the CSP Trusted Site and the gateway\'s CORS origins).';
            this.opportunity = undefined;
        } finally {
            if (timer) clearTimeout(timer);
            this.loading = false;
        }
    }

    get hasError() {
        return Boolean(this.errorMessage);
    }

    get hasWarnings() {
        return this.warnings.length > 0;
    }

    get subscription() {
        return this.opportunity?.subscription ?? undefined;
    }

    get hasSubscription() {
        return Boolean(this.subscription);
    }

    get noSubscriptionMessage() {
        if (!this.opportunity) return '';
        return this.opportunity.isWon
            ? 'Won, but not provisioned in Stigg yet.'
            : 'No Stigg subscription: the opportunity is not won yet.';
    }

    get statusLabel() {
        const status = this.subscription?.status;
        return STATUS_LABELS[status] ?? status ?? '';
    }

    get needsPayment() {
        return Boolean(this.subscription?.checkoutUrl);
    }

    get features() {
        return (this.subscription?.billableFeatures ?? []).map((f) => ({ key: `f-${f.featureId}`, ...f }));
    }

    get hasFeatures() {
        return this.features.length > 0;
    }

    get addons() {
        return (this.subscription?.addons ?? []).map((a) => ({ key: `a-${a.addonId}`, ...a }));
    }

    get hasAddons() {
        return this.addons.length > 0;
    }

    get customer() {
        return this.opportunity?.account?.customer ?? undefined;
    }

    get balances() {
        return (this.customer?.creditBalances ?? []).map((b) => ({ key: `c-${b.currencyId}`, ...b }));
    }

    get hasBalances() {
        return this.balances.length > 0;
    }
}
