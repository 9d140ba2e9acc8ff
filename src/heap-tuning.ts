/*
 * The gateway process runs with V8's allocation-site pretenuring off (`--no-allocation-site-pretenuring`,
 * set here because NODE_OPTIONS does not accept V8 flags of this kind and `node dist/src/main.js` is
 * how operators start it). main.ts imports this module before any other code of the gateway is loaded.
 *
 * Why (bench/findings.md, P7): requests that wait on Salesforce or Stigg keep their objects alive across
 * minor GCs, so V8 marks the allocation sites they share with every request (graphql-js execution,
 * Apollo's pipeline, the HTTP layer) as long-lived and allocates from them straight into the old
 * generation for as long as the process lives. Every later request then fills the old generation and the
 * remembered set: each minor GC cost ~2.5-4 ms instead of ~1.3-1.9 ms, and a `{ __typename }` query
 * after a portal load cost 0.10-0.12 ms of CPU instead of 0.07-0.09 ms.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
