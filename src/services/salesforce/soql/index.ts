/** SOQL text with the gateway's own escaping (DESIGN.md, "Talking to the upstreams"). */
export { escapeSoqlString, quoteSoqlString } from './quote-soql-string';
export { escapeSoqlLikeText, quoteSoqlLikePattern, soqlContainsPattern, soqlStartsWithPattern } from './soql-like-pattern';
export { soqlInList } from './soql-in-list';
export { chunkForUri, DEFAULT_MAX_IN_VALUES, SALESFORCE_MAX_URI_BYTES, uriEncodedBytes } from './chunk-for-uri';
export type { UriChunking } from './chunk-for-uri';
export { formatSoqlDate, formatSoqlDateTime } from './soql-date-literal';
