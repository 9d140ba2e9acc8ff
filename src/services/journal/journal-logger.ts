/** What the journal needs of a logger (pino's Logger fits). The journal never logs a URL, key or secret. */
export interface JournalLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}
