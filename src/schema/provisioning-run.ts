import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ProvisioningKind, ProvisioningStatus, ProvisioningStepName, ProvisioningTrigger, StepStatus } from './enums';
import { ProvisioningPlan } from './provisioning-plan';
import { PageInfo } from './opportunity';

@ObjectType({ description: 'Why a run or a step failed.' })
export class ProvisioningError {
  @Field(() => String, { description: 'A stable code, e.g. UPSTREAM_UNAVAILABLE, UPSTREAM_REJECTED.' }) code: string;
  @Field(() => String, { description: 'What went wrong, for a person.' }) message: string;
  @Field(() => ProvisioningStepName, { nullable: true, description: 'The step that failed, if a step did.' }) step: ProvisioningStepName | null;
}

@ObjectType({ description: 'One step of a provisioning run.' })
export class ProvisioningStep {
  @Field(() => ProvisioningStepName, { description: 'Which step.' }) name: ProvisioningStepName;
  @Field(() => StepStatus, { description: "The step's status." }) status: StepStatus;
  @Field(() => Date, { nullable: true, description: 'When the step last started.' }) startedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the step finished.' }) finishedAt: Date | null;
  @Field(() => ProvisioningError, { nullable: true, description: 'Why the step failed, when it did.' }) error: ProvisioningError | null;
}

@ObjectType({ description: 'One attempt to provision an opportunity. Failures after the first upstream write come back here as data (status FAILED and error), never as a GraphQL error; calling again resumes.' })
export class ProvisioningRun {
  @Field(() => ID, { description: "The run id (also the hook's Idempotency-Key)." }) id: string;
  @Field(() => ProvisioningKind, { description: 'SUBSCRIPTION, TRIAL, AMENDMENT or CANCELLATION: one run per opportunity and kind.' }) kind: ProvisioningKind;
  @Field(() => ID, { description: 'The Salesforce Opportunity provisioned or amended, or for a CANCELLATION the one that made the subscription (18 characters).' }) opportunityId: string;
  @Field(() => ProvisioningStatus, { description: "The run's status." }) status: ProvisioningStatus;
  @Field(() => ID, { nullable: true, description: 'The Stigg customer, once known.' }) customerId: string | null;
  @Field(() => ID, { nullable: true, description: 'The Stigg subscription, once made.' }) subscriptionId: string | null;
  @Field(() => String, { nullable: true, description: 'Where a person adds a payment method when the status is ACTION_REQUIRED.' }) checkoutUrl: string | null;
  @Field(() => Date, { nullable: true, description: 'When a SCHEDULED change takes effect.' }) effectiveAt: Date | null;
  @Field(() => ProvisioningPlan, { nullable: true, description: 'The plan the run executes, as recorded when it was claimed.' }) plan: ProvisioningPlan | null;
  @Field(() => [ProvisioningStep], { description: 'The four steps, in order: HOOK, CUSTOMER, SUBSCRIPTION, WRITE_BACK.' }) steps: ProvisioningStep[];
  @Field(() => ProvisioningError, { nullable: true, description: 'Why the run failed, when its status is FAILED.' }) error: ProvisioningError | null;
  @Field(() => String, { nullable: true, description: 'Who asked: the API key id, or jwt:<subject> for a JWT (never the key itself); `automation` for a run Closed/Won automation started or retried.' }) requestedBy: string | null;
  @Field(() => ProvisioningTrigger, { description: "What started the run's latest attempt." }) trigger: ProvisioningTrigger;
  @Field(() => Int, { description: 'How many times the run was attempted (1 for a run tried once).' }) attempts: number;
  @Field(() => Date, { nullable: true, description: 'When the next automatic retry is due (a FAILED run with a retryable error, AUTOMATION_MODE=provision); null when none is.' }) nextAttemptAt: Date | null;
  @Field(() => Date, { description: 'When the run was first claimed.' }) createdAt: Date;
  @Field(() => Date, { description: 'When the run last changed.' }) updatedAt: Date;
  // opportunity, subscription: ProvisioningRunResolver
}

@ObjectType({ description: 'A provisioning run in a page.' })
export class ProvisioningRunEdge {
  @Field(() => String, { description: "The run's position, for `after`." }) cursor: string;
  @Field(() => ProvisioningRun, { description: 'The run.' }) node: ProvisioningRun;
}

@ObjectType({ description: 'A page of provisioning runs, newest first.' })
export class ProvisioningRunConnection {
  @Field(() => [ProvisioningRunEdge], { description: 'The runs of this page.' }) edges: ProvisioningRunEdge[];
  @Field(() => PageInfo, { description: "Where this page sits: pass endCursor as `after` for the next one." }) pageInfo: PageInfo;
  @Field(() => Boolean, { description: 'Whether another page follows.', deprecationReason: 'Use pageInfo.' }) hasNextPage: boolean;
  @Field(() => String, { nullable: true, description: "The last edge's cursor.", deprecationReason: 'Use pageInfo.' }) endCursor: string | null;
}
