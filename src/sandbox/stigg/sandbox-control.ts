/**
 * The Stigg emulator's plain-HTTP endpoints besides /graphql (./README.md, "Sandbox endpoints"):
 * /__sandbox/faults and /__sandbox/counters, the billing provider and the passing of time
 * (/__sandbox/...), and the small checkout and invoice pages behind checkoutUrl and paymentUrl.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { FaultRuleError } from '../faults';
import { StiggCounters, StiggFaults } from './faults';
import { escapeHtml, page, readJson, sendEmpty, sendHtml, sendJson } from './http';
import { SandboxError, StiggStore } from './store';

export function stiggSandboxEndpoints(store: StiggStore, faults: StiggFaults, counters: StiggCounters) {
  /** /__sandbox/* (no auth, not counted) */
  async function handleSandbox(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    if (path === '/__sandbox/faults') {
      if (method === 'POST') {
        const body = await readJson(req, res);
        if (body === undefined) return;
        try {
          return sendJson(res, 201, faults.add(body as never));
        } catch (err) {
          if (err instanceof FaultRuleError) return sendJson(res, 400, { error: 'bad_request', message: err.message });
          throw err;
        }
      }
      if (method === 'DELETE') {
        faults.clear();
        return sendEmpty(res, 204);
      }
      if (method === 'GET') return sendJson(res, 200, faults.list());
    }
    if (path === '/__sandbox/counters') {
      if (method === 'GET') return sendJson(res, 200, counters.snapshot());
      if (method === 'DELETE') {
        counters.reset();
        return sendEmpty(res, 204);
      }
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/__sandbox\/invoices\/([^/]+)\/pay$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => subscriptionSummary(store.payInvoice(decodeURIComponent(m![1]))));
    }
    if ((m = /^\/__sandbox\/checkouts\/([^/]+)\/complete$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => subscriptionSummary(store.completeCheckout(decodeURIComponent(m![1]))));
    }
    if ((m = /^\/__sandbox\/credit-grants\/([^/]+)\/pay$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => {
        const g = store.payCreditGrant(decodeURIComponent(m![1]));
        return { grantId: g.grantId, customerId: g.customerId, currencyId: g.currencyId, amount: g.amount, status: store.grantStatus(g), paymentCollection: g.paymentCollection };
      });
    }
    if ((m = /^\/__sandbox\/subscriptions\/([^/]+)\/run-schedules$/.exec(path)) && method === 'POST') {
      const body = await readJson(req, res);
      if (body === undefined) return;
      const reqUrl = new URL(req.url ?? '/', 'http://emulator');
      // default: every scheduled update, as if its time had come; `due` only those whose time has come
      const dueOnly = reqUrl.searchParams.get('due') === 'true' || (body as { due?: unknown } | null)?.due === true;
      const all = !dueOnly;
      return sandboxAction(res, () => {
        const { subscription, applied } = store.runSchedules(decodeURIComponent(m![1]), all);
        return { ...subscriptionSummary(subscription), applied };
      });
    }
    if ((m = /^\/__sandbox\/subscriptions\/([^/]+)\/end-trial$/.exec(path)) && method === 'POST') {
      return sandboxAction(res, () => subscriptionSummary(store.endTrial(decodeURIComponent(m![1]))));
    }
    if ((m = /^\/__sandbox\/customers\/([^/]+)\/payment-method$/.exec(path)) && (method === 'POST' || method === 'DELETE')) {
      return sandboxAction(res, () => {
        const c = store.setPaymentMethod(decodeURIComponent(m![1]), method === 'POST');
        return { customerId: c.customerId, hasPaymentMethod: c.paymentMethod !== null };
      });
    }
    return sendJson(res, 404, { error: 'not_found', message: `No route ${method} ${path}` });
  }

  /** The pages behind checkoutUrl and an invoice's paymentUrl; false when the path is none of them. */
  function handlePages(res: ServerResponse, method: string, path: string): boolean {
    let m: RegExpExecArray | null;
    if ((m = /^\/checkout\/([^/]+)$/.exec(path)) && method === 'GET') {
      checkoutPage(res, decodeURIComponent(m[1]));
      return true;
    }
    if ((m = /^\/checkout\/([^/]+)\/complete$/.exec(path)) && method === 'POST') {
      sandboxAction(res, () => subscriptionSummary(store.completeCheckout(decodeURIComponent(m![1]))), true);
      return true;
    }
    if ((m = /^\/invoices\/([^/]+)$/.exec(path)) && method === 'GET') {
      invoicePage(res, decodeURIComponent(m[1]));
      return true;
    }
    if ((m = /^\/invoices\/([^/]+)\/pay$/.exec(path)) && method === 'POST') {
      sandboxAction(res, () => subscriptionSummary(store.payInvoice(decodeURIComponent(m![1]))), true);
      return true;
    }
    return false;
  }

  function sandboxAction(res: ServerResponse, action: () => unknown, html = false): void {
    try {
      const result = action();
      if (html) return sendHtml(res, 200, page('Done', `<pre>${escapeHtml(JSON.stringify(result, null, 2))}</pre>`));
      return sendJson(res, 200, result);
    } catch (err) {
      const status = err instanceof SandboxError ? err.status : err instanceof GraphQLError ? 422 : 500;
      const code = err instanceof GraphQLError ? (err.extensions.code as string) : undefined;
      if (html) return sendHtml(res, status, page('Error', `<p>${escapeHtml((err as Error).message)}</p>`));
      return sendJson(res, status, { error: code ?? 'sandbox_error', message: (err as Error).message });
    }
  }

  function subscriptionSummary(s: ReturnType<StiggStore['subscription']>): Record<string, unknown> {
    return { subscriptionId: s.subscriptionId, customerId: s.customerId, planId: s.planRefId, status: s.status, paymentCollection: s.paymentCollection };
  }

  function checkoutPage(res: ServerResponse, checkoutId: string): void {
    const checkout = store.checkouts.get(checkoutId);
    if (!checkout) return sendHtml(res, 404, page('Checkout not found', `<p>No checkout ${escapeHtml(checkoutId)}</p>`));
    const body = checkout.completedSubscriptionId
      ? `<p>Completed: subscription ${escapeHtml(checkout.completedSubscriptionId)}</p>`
      : `<p>Customer <b>${escapeHtml(checkout.customerId)}</b> subscribes to <b>${escapeHtml(checkout.input.planId)}</b>.</p>
         <form method="post" action="/checkout/${encodeURIComponent(checkoutId)}/complete"><button>Pay with sandbox card 4242</button></form>`;
    sendHtml(res, 200, page('Sandbox checkout', body));
  }

  function invoicePage(res: ServerResponse, subscriptionId: string): void {
    const sub = store.subscriptions.get(subscriptionId);
    const inv = sub?.latestInvoice;
    if (!sub || !inv) return sendHtml(res, 404, page('Invoice not found', `<p>No invoice for ${escapeHtml(subscriptionId)}</p>`));
    const body = `<p>Invoice ${escapeHtml(inv.billingId)} for subscription <b>${escapeHtml(sub.subscriptionId)}</b>: ${inv.total} ${escapeHtml(inv.currency)} — ${inv.status}</p>
      ${inv.status === 'OPEN' ? `<form method="post" action="/invoices/${encodeURIComponent(subscriptionId)}/pay"><button>Pay invoice</button></form>` : ''}`;
    sendHtml(res, 200, page('Sandbox invoice', body));
  }

  return { handleSandbox, handlePages };
}
