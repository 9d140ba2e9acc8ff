/** Describe: GET .../sobjects (describeGlobal), GET .../sobjects/X and .../sobjects/X/describe (describe). */
import { Endpoint, json } from '../http';
import { describeGlobalEntry, describeObject, SCHEMA } from '../schema';
import { dataVersion, requireObject } from './context';

export function describeEndpoints() {
  const describeGlobal: Endpoint = {
    op: 'describeGlobal',
    auth: 'bearer',
    api: true,
    run: ({ params }) => {
      const { base } = dataVersion(params);
      return json(200, { encoding: 'UTF-8', maxBatchSize: 200, sobjects: [...SCHEMA.values()].map((o) => describeGlobalEntry(o, base)) });
    },
  };

  /** GET .../sobjects/X: the object's basic information */
  const objectInfo: Endpoint = {
    op: 'describe',
    auth: 'bearer',
    api: true,
    run: ({ params }) => {
      const obj = requireObject(params.object);
      return json(200, { objectDescribe: describeGlobalEntry(obj, dataVersion(params).base), recentItems: [] });
    },
  };

  const describe: Endpoint = {
    op: 'describe',
    auth: 'bearer',
    api: true,
    run: ({ params }) => json(200, describeObject(requireObject(params.object), dataVersion(params).base)),
  };

  return { describeGlobal, objectInfo, describe };
}
