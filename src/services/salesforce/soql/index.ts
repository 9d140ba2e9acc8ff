/** SOQL text with the gateway's own quoting (docs/design.md, "Talking to the upstreams"). */
export { escapeSoqlString, quoteSoqlString } from './quote-soql-string';
export { soqlInList } from './soql-in-list';
export { chunkForUri, DEFAULT_MAX_IN_VALUES, SALESFORCE_MAX_URI_BYTES, uriEncodedBytes } from './chunk-for-uri';
export type { UriChunking } from './chunk-for-uri';
export { formatSoqlDate } from './soql-date-literal';
