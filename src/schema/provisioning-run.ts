import { Field, ID, ObjectType } from 'type-graphql';
import { ProvisioningKind, ProvisioningStatus, ProvisioningStepName, StepStatus } from './enums';
import { ProvisioningPlan } from './provisioning-plan';

@ObjectType()
export class ProvisioningError {
  @Field(() => String, { description: 'A stable code, e.g. UPSTREAM_UNAVAILABLE, UPSTREAM_REJECTED.' }) code: string;
  @Field(() => String) message: string;
  @Field(() => ProvisioningStepName, { nullable: true }) step: ProvisioningStepName | null;
}

@ObjectType()
export class ProvisioningStep {
  @Field(() => ProvisioningStepName) name: ProvisioningStepName;
  @Field(() => StepStatus) status: StepStatus;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => ProvisioningError, { nullable: true }) error: ProvisioningError | null;
}

@ObjectType({ description: 'One attempt to provision an opportunity. Failures after the first upstream write come back here as data (status FAILED and error), never as a GraphQL error; calling again resumes.' })
export class ProvisioningRun {
  @Field(() => ID) id: string;
  @Field(() => ProvisioningKind) kind: ProvisioningKind;
  @Field(() => ID) opportunityId: string;
  @Field(() => ProvisioningStatus) status: ProvisioningStatus;
  @Field(() => ID, { nullable: true }) customerId: string | null;
  @Field(() => ID, { nullable: true }) subscriptionId: string | null;
  @Field(() => String, { nullable: true }) checkoutUrl: string | null;
  @Field(() => Date, { nullable: true, description: 'When a SCHEDULED change takes effect.' }) effectiveAt: Date | null;
  @Field(() => ProvisioningPlan, { nullable: true }) plan: ProvisioningPlan | null;
  @Field(() => [ProvisioningStep]) steps: ProvisioningStep[];
  @Field(() => ProvisioningError, { nullable: true }) error: ProvisioningError | null;
  @Field(() => String, { nullable: true, description: 'Who asked: the API key id (never the key itself).' }) requestedBy: string | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  // opportunity, subscription: ProvisioningRunResolver
}

@ObjectType()
export class ProvisioningRunEdge {
  @Field(() => String) cursor: string;
  @Field(() => ProvisioningRun) node: ProvisioningRun;
}

@ObjectType()
export class ProvisioningRunConnection {
  @Field(() => [ProvisioningRunEdge]) edges: ProvisioningRunEdge[];
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}
