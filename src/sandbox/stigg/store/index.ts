/** The Stigg emulator's store: the StiggStore façade and the record types (see ./stigg-store.ts). */
export { StiggStore } from './stigg-store';
export { stableUuid } from './support';
export * from './records';
