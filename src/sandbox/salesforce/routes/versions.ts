/** GET /services/data (versions, no auth) and GET /services/data/vNN.0 (resources). */
import { Endpoint, json } from '../http';
import { ORG_ID, USER_ID } from '../oauth';
import { dataVersion, SalesforceContext } from './context';

function sfVersionLabel(major: number): string {
  const k = major - 62;
  const season = ['Winter', 'Spring', 'Summer'][((k % 3) + 3) % 3];
  return `${season} '${25 + Math.floor(k / 3)}`;
}

export function versionEndpoints(ctx: SalesforceContext) {
  const versions: Endpoint = {
    op: 'versions',
    auth: 'none',
    api: false,
    run: () => {
      const list = [];
      for (let v = 31; v <= 66; v++) list.push({ label: sfVersionLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
      return json(200, list);
    },
  };

  const resources: Endpoint = {
    op: 'resources',
    auth: 'bearer',
    api: true,
    run: ({ params }) => {
      const { base } = dataVersion(params);
      return json(200, {
        tooling: `${base}/tooling`,
        metadata: `${base}/metadata`,
        eclair: `${base}/eclair`,
        folders: `${base}/folders`,
        query: `${base}/query`,
        queryAll: `${base}/queryAll`,
        sobjects: `${base}/sobjects`,
        limits: `${base}/limits`,
        composite: `${base}/composite`,
        search: `${base}/search`,
        identity: `${ctx.baseUrl()}/id/${ORG_ID}/${USER_ID}`,
      });
    },
  };

  return { versions, resources };
}
