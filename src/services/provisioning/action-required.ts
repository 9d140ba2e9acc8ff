/** A step's outcome that is not a plain success: Stigg needs a payment method before the subscription can start. */
export class ActionRequired extends Error {
  constructor(readonly checkoutUrl: string | null) {
    super('Stigg needs a payment method before the subscription can start.');
  }
}
