import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Account, Contact } from '../schema/account';
import { Opportunity } from '../schema/opportunity';
import { Customer } from '../schema/customer';
import { GatewayContext } from '../context/gateway-context';
import { Account as AccountRecord } from '../domain/salesforce-records';
import { customerOfAccount } from '../services/links/system-links';
import { normalizeSalesforceId } from '../services/salesforce/ids';

@Resolver(() => Account)
export class AccountResolver {
  @Authorized('read')
  @Query(() => Account, { nullable: true, description: 'A Salesforce Account by id; null when there is none.' })
  async account(@Arg('id', () => ID, { description: 'The Salesforce id (15 or 18 characters).' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.account.load(normalizeSalesforceId(id, 'id', 'Account'));
  }

  @FieldResolver(() => [Contact], { description: "The account's Contacts." })
  async contacts(@Root() account: AccountRecord, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.contactsByAccount.load(account.id);
  }

  @FieldResolver(() => [Opportunity], { description: "The account's Opportunities." })
  async opportunities(@Root() account: AccountRecord, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.opportunitiesByAccount.load(account.id);
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The Stigg customer provisioned for this account, if any.' })
  async customer(@Root() account: AccountRecord, @Ctx() ctx: GatewayContext) {
    return (await customerOfAccount(ctx.loaders, account)).record;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "True when Stigg_Customer_Id__c disagrees with Stigg (Stigg's salesforceId wins): it names another customer than "
      + 'the one whose salesforceId is this account (or none while one exists), a customer of another account, or one Stigg does not have. '
      + 'Null (with an error) when Stigg could not be asked.',
  })
  async customerIdStale(@Root() account: AccountRecord, @Ctx() ctx: GatewayContext): Promise<boolean> {
    return (await customerOfAccount(ctx.loaders, account)).stale;
  }
}
