/** GET /services/data/vNN.0/limits (operation `limits`). */
import { Endpoint, json } from '../http';
import { SalesforceContext } from './context';

export function limitsEndpoints(ctx: SalesforceContext) {
  const limits: Endpoint = {
    op: 'limits',
    auth: 'bearer',
    api: true,
    run: () =>
      json(200, {
        DailyApiRequests: { Max: ctx.dailyMax, Remaining: Math.max(0, ctx.dailyMax - ctx.apiUsed()) },
        DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
        DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
        DataStorageMB: { Max: 5, Remaining: 5 },
        FileStorageMB: { Max: 20, Remaining: 20 },
        SingleEmail: { Max: 15, Remaining: 15 },
      }),
  };
  return { limits };
}
