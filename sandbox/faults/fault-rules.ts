/** A fault to inject into matching application API requests (`POST /__sandbox/faults`). */
export interface FaultRule {
  id: number;
  /** HTTP method to match, `*` for any. */
  method: string;
  /** Path glob: `*` matches within one segment, `**` across segments. */
  path: string;
  /** How many more matching requests this rule applies to. */
  remaining: number;
  /** Answer with this status instead of the real response. */
  status?: number;
  /** Body of the injected answer (JSON unless a string). */
  body?: unknown;
  /** Extra headers of the injected answer, e.g. `{ "Retry-After": "2" }`. */
  headers?: Record<string, string>;
  /** Wait this long first (then answer the injected status, or let the request through). */
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Requests this rule has hit so far. */
  hits: number;
}

/** Fields accepted when adding a rule. */
export type FaultRuleInput = Partial<Omit<FaultRule, 'id' | 'remaining' | 'hits'>> & {
  path: string;
  times?: number;
};

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] ?? '';
    if (char === '*' && glob[index + 1] === '*') {
      source += '.*';
      index += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}/?$`);
}

/** The active fault rules; the first rule matching a request (in creation order) applies. */
export class FaultRules {
  private rules: Array<FaultRule & { pattern: RegExp }> = [];
  private nextId = 1;

  /** Add a rule; returns it. */
  add(input: FaultRuleInput): FaultRule {
    if (!input.path || typeof input.path !== 'string') throw new Error('path is required');
    if (input.status === undefined && !input.drop && input.delayMs === undefined) {
      throw new Error('one of status, drop or delayMs is required');
    }
    const rule = {
      id: this.nextId++,
      method: (input.method ?? '*').toUpperCase(),
      path: input.path,
      remaining: input.times ?? 1,
      status: input.status,
      body: input.body,
      headers: input.headers,
      delayMs: input.delayMs,
      drop: input.drop ?? false,
      hits: 0,
      pattern: globToRegExp(input.path),
    };
    this.rules.push(rule);
    return this.describe(rule);
  }

  /** Take the rule for a request, counting the hit; undefined when none applies. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.method === '*' || candidate.method === method.toUpperCase()) &&
        candidate.pattern.test(path),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    rule.hits += 1;
    return this.describe(rule);
  }

  /** Every rule with its counters. */
  list(): FaultRule[] {
    return this.rules.map((rule) => this.describe(rule));
  }

  /** Remove all rules. */
  clear(): void {
    this.rules = [];
  }

  private describe(rule: FaultRule & { pattern: RegExp }): FaultRule {
    const { pattern: _pattern, ...plain } = rule;
    return { ...plain };
  }
}
