import autocannon from 'autocannon';

/** One autocannon run, reduced to what the reports print. */
export interface LoadResult {
  /** Requested rate (requests/s over all connections); undefined for a max-throughput run. */
  target_rps?: number;
  /** 2xx responses per second actually achieved. */
  rps: number;
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration_s: number;
}

export interface FireLoadOptions {
  /** Full URL; only 127.0.0.1 is accepted (the benchmarks never leave the machine). */
  url: string;
  connections: number;
  /** Requests/s over all connections; omitted → as fast as the server answers. */
  rate?: number;
  durationSeconds?: number;
  /** Stop after this many requests instead of after a duration. */
  amount?: number;
  /** Builds each request: called once per request, so bodies and signatures can differ. */
  nextRequest?: () => { body: string; headers: Record<string, string> };
  /** Seconds without a response before autocannon counts a timeout (default 10). */
  timeoutSeconds?: number;
}

/** Runs autocannon with a fresh POST body per request and summarizes the result. */
export async function fireLoad(options: FireLoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  if (target.hostname !== '127.0.0.1')
    throw new Error(`Benchmarks only target 127.0.0.1, not ${target.hostname}`);
  const next = options.nextRequest;
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    timeout: options.timeoutSeconds ?? 10,
    ...(options.rate ? { overallRate: options.rate } : {}),
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds ?? 5 }),
    requests: [
      {
        method: 'POST',
        ...(next
          ? {
              setupRequest: (request: autocannon.Request) => {
                const { body, headers } = next();
                return { ...request, method: 'POST', body, headers };
              },
            }
          : {}),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    ...(options.rate ? { target_rps: options.rate } : {}),
    rps: round(ok / Math.max(result.duration, 0.001)),
    p50_ms: round(result.latency.p50),
    p99_ms: round(result.latency.p99),
    mean_ms: round(result.latency.mean),
    max_ms: round(result.latency.max),
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    duration_s: round(result.duration),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
