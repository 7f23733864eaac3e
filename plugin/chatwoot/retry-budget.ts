/** Tuning for {@link RetryBudget}. */
export interface RetryBudgetOptions {
  /** Retries available when Chatwoot has been healthy. Default 20. */
  capacity?: number;
  /** Tokens earned back by each request that succeeds without a retry. Default 0.2 (one retry per 5 successes). */
  refillPerSuccess?: number;
}

/**
 * A token bucket shared by every request of one client. Each retry spends a
 * token; successes slowly earn them back. During an outage the bucket drains
 * and requests fail fast instead of multiplying load on a struggling Chatwoot
 * (the "retry budget" pattern from Finagle and gRPC retry throttling).
 */
export class RetryBudget {
  readonly capacity: number;
  readonly refillPerSuccess: number;
  #tokens: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = options.capacity ?? 20;
    this.refillPerSuccess = options.refillPerSuccess ?? 0.2;
    this.#tokens = this.capacity;
  }

  /** Tokens left (fractional while refilling). */
  get available(): number {
    return this.#tokens;
  }

  /** Spends one token; false when the budget is exhausted and the caller must not retry. */
  tryAcquire(): boolean {
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Records a request that succeeded, earning back part of a token. */
  recordSuccess(): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + this.refillPerSuccess);
  }
}
