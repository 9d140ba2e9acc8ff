import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Closed/Won automation as this replica sees it: change events, the sweep, automatic retries (README, "Closed/Won automation").' })
export class AutomationStatus {
  @Field(() => String, { description: 'off, preview or provision (AUTOMATION_MODE).' }) mode: string;
  @Field(() => Boolean, { description: "True while this replica's change-event subscription is connected (one replica, the leader, subscribes)." }) subscribed: boolean;
  @Field(() => String, { nullable: true, description: 'The Pub/Sub API topic (AUTOMATION_TOPIC); null when automation is off.' }) topic: string | null;
  @Field(() => String, { nullable: true, description: 'The checkpoint: the replay id of the last event handled (base64), where a restart resumes.' }) lastReplayId: string | null;
  @Field(() => Date, { nullable: true, description: 'When the last change event was handled.' }) lastEventAt: Date | null;
  @Field(() => Float, { nullable: true, description: "Seconds from the last event's commit in Salesforce to its handling here." }) lagSeconds: number | null;
  @Field(() => Date, { nullable: true, description: 'When the sweep last ran.' }) lastSweepAt: Date | null;
  @Field(() => Int, { description: 'Runs waiting for an automatic retry.' }) pendingRetries: number;
  @Field(() => Int, { description: 'Runs with status NEEDS_ATTENTION: a person must fix the deal, then retryProvisioning.' }) needsAttentionCount: number;
  @Field(() => Boolean, { description: 'True when this replica holds the leader lease (it subscribes, sweeps and retries).' }) leader: boolean;
}
