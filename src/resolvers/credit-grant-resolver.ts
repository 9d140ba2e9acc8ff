import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { CreditGrant } from '../schema/customer';
import { GrantCreditsInput } from '../schema/grant-credits-input';
import { GatewayContext } from '../context/gateway-context';

@Resolver(() => CreditGrant)
export class CreditGrantResolver {
  @Authorized('credits')
  @Mutation(() => CreditGrant, { description: 'A promotional or paid credit top-up. The same idempotencyKey never grants twice.' })
  async grantCredits(@Arg('input', () => GrantCreditsInput) input: GrantCreditsInput, @Ctx() ctx: GatewayContext) {
    return ctx.services.audited(ctx, 'grantCredits', input.customerId, () => ctx.services.credits.grant(input));
  }

  @Authorized('credits')
  @Mutation(() => CreditGrant, { description: 'Voids a grant made by mistake: its remaining credits leave the balance.' })
  async voidCreditGrant(@Arg('grantId', () => ID) grantId: string, @Ctx() ctx: GatewayContext) {
    return ctx.services.audited(ctx, 'voidCreditGrant', grantId, () => ctx.services.credits.void(grantId));
  }
}
