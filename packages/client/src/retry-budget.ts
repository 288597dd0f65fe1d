/**
 * How many retries a client may spend: a token bucket that each call fills by `ratio` and each retry empties by
 * one (holding at most `minimum`), so that retries stay near `ratio` of calls once the first `minimum` are spent. When every gateway is
 * overloaded, retries that multiply the load are what keeps it overloaded; the budget stops that.
 */
export class RetryBudget {
  private tokens: number;

  constructor(
    private readonly ratio = 0.1,
    private readonly minimum = 10,
  ) {
    this.tokens = minimum;
  }

  /** A call (not a retry) was made. */
  deposit(): void {
    this.tokens = Math.min(this.minimum, this.tokens + this.ratio);
  }

  /** Takes one retry from the budget; false when there is none left. */
  withdraw(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  get available(): number {
    return Math.floor(this.tokens);
  }
}
