import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { CreditGrant } from '../schema/customer';
import { GrantCreditsInput } from '../schema/grant-credits-input';
import { GatewayContext } from '../context/gateway-context';
import { Audited } from './audited';

@Resolver(() => CreditGrant)
export class CreditGrantResolver {
  @Authorized('credits')
  @Audited({ target: (args) => args.input.customerId })
  @Mutation(() => CreditGrant, { description: 'A promotional or paid credit top-up. The same idempotencyKey never grants twice.' })
  async grantCredits(@Arg('input', () => GrantCreditsInput, { description: 'The grant to make.' }) input: GrantCreditsInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.credits.grant(input);
  }

  @Authorized('credits')
  @Audited({ target: (args) => args.grantId })
  @Mutation(() => CreditGrant, { description: 'Voids a grant made by mistake: its remaining credits leave the balance.' })
  async voidCreditGrant(@Arg('grantId', () => ID, { description: 'The Stigg grant id.' }) grantId: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.credits.void(grantId);
  }
}
