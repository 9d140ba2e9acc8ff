export { FaultEngine, FaultRuleError, OperationCounters } from './fault-engine';
export type { FaultDecision, FaultEngineOptions, FaultPhase, FaultRule, FaultRuleInput } from './fault-engine';
