/** Which database a journal runs on; the few dialect differences (row locks) key off it. */
export type JournalDialectName = 'sqlite' | 'postgres';
