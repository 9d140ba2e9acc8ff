/** What Closed/Won automation counts (GatewayMetrics implements it; names in the README's Observability table). */
export interface AutomationMetrics {
  /** A change event handled: `outcome` provisioned, previewed, ignored, duplicate, needs_attention or failed. */
  recordAutomationEvent(outcome: string): void;
  /** An opportunity the sweep found won and unprovisioned: an event that was missed. */
  recordSweepFinding(): void;
  /** An automatic retry asked; `outcome` the run's status after it. */
  recordAutomaticRetry(outcome: string): void;
  /** A run became NEEDS_ATTENTION. */
  recordNeedsAttention(kind: string): void;
  /** Whether this replica's change-event subscription is connected. */
  setAutomationSubscribed(subscribed: boolean): void;
  /** Seconds from an event's commit in Salesforce to its handling here. */
  observeAutomationLag(seconds: number): void;
}
