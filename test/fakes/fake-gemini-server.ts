/**
 * A local stand-in for the Gemini Developer API that speaks its REST protocol
 * (`POST /v1beta/models/{model}:{method}`, `x-goog-api-key` auth, Google's
 * JSON error envelope). Point @google/genai at it with
 * `httpOptions: { baseUrl: server.url }`.
 *
 * Routes live in a table keyed by method name (`embedContent`,
 * `batchEmbedContents`, `generateContent`, ...): add more with
 * `server.route(method, handler)`.
 * Faults queued with `failNext` answer the next matching requests instead of
 * the route (429 with RetryInfo, 500, malformed JSON, a hang for timeouts,
 * a safety block of the prompt or of the answer).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake received it. */
export interface FakeGeminiRequest {
  method: string;
  path: string;
  apiVersion: string;
  /** The model named in the path, without the `models/` prefix. */
  model: string;
  /** The RPC after the colon, e.g. `batchEmbedContents`. */
  rpc: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What a route or fault answers. `raw` is sent as is (for malformed bodies); otherwise `json`. */
export interface FakeGeminiReply {
  status?: number;
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (simulates a slow or hung server). */
  delayMs?: number;
}

export type FakeGeminiRoute = (request: FakeGeminiRequest) => FakeGeminiReply | Promise<FakeGeminiReply>;

/** Canned failures. */
export type FakeGeminiFault =
  | { kind: 'rate-limit'; retryDelay?: string }
  | { kind: 'server-error'; status?: number }
  | { kind: 'malformed' }
  | { kind: 'hang'; ms: number }
  | { kind: 'blocked'; where?: 'prompt' | 'response'; reason?: string }
  | { kind: 'reply'; reply: FakeGeminiReply };

/** Google's error envelope (google.rpc.Status as JSON). */
export function googleError(
  code: number,
  status: string,
  message: string,
  details: unknown[] = [],
): FakeGeminiReply {
  return { status: code, json: { error: { code, message, status, ...(details.length ? { details } : {}) } } };
}

function faultReply(fault: FakeGeminiFault): FakeGeminiReply {
  switch (fault.kind) {
    case 'rate-limit':
      return googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', [
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: fault.retryDelay ?? '1s' },
      ]);
    case 'server-error':
      return googleError(fault.status ?? 500, 'INTERNAL', 'An internal error has occurred.');
    case 'malformed':
      return {
        status: 200,
        raw: '{"embeddings": [{"values": [0.1, 0.2',
        headers: { 'content-type': 'application/json' },
      };
    case 'hang':
      return {
        delayMs: fault.ms,
        status: 503,
        json: { error: { code: 503, message: 'late', status: 'UNAVAILABLE' } },
      };
    case 'blocked':
      return fault.where === 'response'
        ? generateContentReply('', { finishReason: fault.reason ?? 'SAFETY' })
        : {
            json: {
              promptFeedback: { blockReason: fault.reason ?? 'SAFETY', safetyRatings: SAFETY_RATINGS },
            },
          };
    case 'reply':
      return fault.reply;
  }
}

/**
 * Deterministic embedding for a text: a hashed bag of lowercase words, so
 * texts sharing words get similar vectors (useful for retrieval tests).
 * Full size (3072) vectors are unit length; truncated ones are not, as with
 * the real gemini-embedding-001.
 */
export function fakeEmbedding(text: string, dims: number): number[] {
  const values = new Array<number>(dims).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
    for (let j = 0; j < 3; j++) {
      const x = Math.imul(h ^ (j * 0x9e3779b9), 0x85ebca6b) >>> 0;
      values[x % dims]! += x & 1 ? 1 : -1;
    }
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  const scale = dims === 3072 ? 1 / norm : 0.7 / norm;
  return values.map((v) => v * scale);
}

const TASK_TYPES = new Set([
  'TASK_TYPE_UNSPECIFIED',
  'RETRIEVAL_QUERY',
  'RETRIEVAL_DOCUMENT',
  'SEMANTIC_SIMILARITY',
  'CLASSIFICATION',
  'CLUSTERING',
  'QUESTION_ANSWERING',
  'FACT_VERIFICATION',
  'CODE_RETRIEVAL_QUERY',
]);

interface EmbedRequest {
  model?: string;
  content?: { parts?: Array<{ text?: string }> };
  taskType?: string;
  outputDimensionality?: number;
}

/** Validates one EmbedContentRequest the way the API does; returns an error reply or the embedding. */
function embedOne(request: EmbedRequest, pathModel: string): FakeGeminiReply | number[] {
  if (request.model !== undefined && request.model !== `models/${pathModel}`) {
    return googleError(
      400,
      'INVALID_ARGUMENT',
      `Model ${request.model} does not match the model in the URL (models/${pathModel}).`,
    );
  }
  const text = request.content?.parts?.map((part) => part.text ?? '').join('') ?? '';
  if (!request.content?.parts?.length)
    return googleError(400, 'INVALID_ARGUMENT', '* content: required field is not set');
  if (request.taskType !== undefined && !TASK_TYPES.has(request.taskType)) {
    return googleError(400, 'INVALID_ARGUMENT', `Invalid value at 'task_type' (${request.taskType})`);
  }
  const dims = request.outputDimensionality ?? 3072;
  if (!Number.isInteger(dims) || dims < 1 || dims > 3072) {
    return googleError(400, 'INVALID_ARGUMENT', 'output_dimensionality must be between 1 and 3072');
  }
  return fakeEmbedding(text, dims);
}

const embedContent: FakeGeminiRoute = ({ body, model }) => {
  const out = embedOne(body as EmbedRequest, model);
  return Array.isArray(out) ? { json: { embedding: { values: out } } } : out;
};

const batchEmbedContents: FakeGeminiRoute = ({ body, model }) => {
  const requests = (body as { requests?: EmbedRequest[] }).requests;
  if (!Array.isArray(requests) || requests.length === 0)
    return googleError(400, 'INVALID_ARGUMENT', '* requests: required field is not set');
  if (requests.length > 100)
    return googleError(400, 'INVALID_ARGUMENT', 'At most 100 requests can be in one batch.');
  const embeddings = [];
  for (const request of requests) {
    const out = embedOne(request, model);
    if (!Array.isArray(out)) return out;
    embeddings.push({ values: out });
  }
  return { json: { embeddings } };
};

/** Safety ratings as the API attaches them to prompts and candidates. */
const SAFETY_RATINGS = [
  { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
];

/**
 * A GenerateContentResponse as the API returns it: one candidate whose text
 * is `text` (or no content when empty, as for a candidate withheld with
 * finish reason SAFETY), usage metadata and a model version.
 */
export function generateContentReply(
  text: string,
  options: { finishReason?: string; modelVersion?: string } = {},
): FakeGeminiReply {
  const finishReason = options.finishReason ?? 'STOP';
  return {
    json: {
      candidates: [
        {
          ...(text ? { content: { role: 'model', parts: [{ text }] } } : {}),
          finishReason,
          index: 0,
          safetyRatings:
            finishReason === 'SAFETY'
              ? [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }]
              : SAFETY_RATINGS,
        },
      ],
      usageMetadata: {
        promptTokenCount: 120,
        candidatesTokenCount: Math.ceil(text.length / 4),
        totalTokenCount: 120 + Math.ceil(text.length / 4),
      },
      modelVersion: options.modelVersion ?? 'gemini-2.5-flash',
      responseId: `fake-${Math.random().toString(36).slice(2, 10)}`,
    },
  };
}

/** The shape of a GenerateContentRequest the fake checks. */
export interface GenerateContentBody {
  contents?: Array<{ role?: string; parts?: Array<{ text?: string }> }>;
  systemInstruction?: { role?: string; parts?: Array<{ text?: string }> };
  generationConfig?: {
    responseMimeType?: string;
    responseJsonSchema?: unknown;
    responseSchema?: unknown;
    temperature?: number;
    candidateCount?: number;
    maxOutputTokens?: number;
  };
}

/** The text of every part of a request's contents, joined (for routes that answer by what was asked). */
export function promptText(body: unknown): string {
  const request = body as GenerateContentBody;
  return (request.contents ?? [])
    .flatMap((content) => (content.parts ?? []).map((part) => part.text ?? ''))
    .join('\n');
}

/** Checks a GenerateContentRequest the way the API does; returns an error reply or undefined. */
export function validateGenerateContent(body: unknown): FakeGeminiReply | undefined {
  const request = body as GenerateContentBody;
  if (!Array.isArray(request.contents) || request.contents.length === 0) {
    return googleError(
      400,
      'INVALID_ARGUMENT',
      '* GenerateContentRequest.contents: contents is not specified',
    );
  }
  for (const content of request.contents) {
    if (content.role !== undefined && !['user', 'model'].includes(content.role)) {
      return googleError(
        400,
        'INVALID_ARGUMENT',
        `Please use a valid role: user, model. (got ${content.role})`,
      );
    }
    if (!content.parts?.length)
      return googleError(
        400,
        'INVALID_ARGUMENT',
        '* GenerateContentRequest.contents.parts: must not be empty',
      );
  }
  const config = request.generationConfig ?? {};
  if (
    (config.responseJsonSchema !== undefined || config.responseSchema !== undefined) &&
    config.responseMimeType !== 'application/json'
  ) {
    return googleError(
      400,
      'INVALID_ARGUMENT',
      'response_mime_type must be application/json when a response schema is set',
    );
  }
  if (config.responseJsonSchema !== undefined && config.responseSchema !== undefined) {
    return googleError(
      400,
      'INVALID_ARGUMENT',
      'response_schema and response_json_schema cannot both be set',
    );
  }
  if (config.candidateCount !== undefined && config.candidateCount !== 1) {
    return googleError(400, 'INVALID_ARGUMENT', 'Only one candidate can be specified in the current model');
  }
  return undefined;
}

/** The smallest value a JSON schema accepts (empty strings and arrays, false, 0): the fake's default structured answer. */
export function minimalValueFor(schema: unknown): unknown {
  const node = (schema ?? {}) as {
    type?: string;
    properties?: Record<string, unknown>;
    required?: string[];
    enum?: unknown[];
  };
  if (node.enum?.length) return node.enum[0];
  switch (node.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(node.properties ?? {}).map(([key, value]) => [key, minimalValueFor(value)]),
      );
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return 0;
    default:
      return '';
  }
}

/**
 * Default `generateContent`: validates the request, then answers with the
 * minimal value of the requested JSON schema (JSON mode) or a fixed sentence.
 * Tests that need specific answers replace it with `server.route('generateContent', …)`.
 */
const generateContent: FakeGeminiRoute = ({ body }) => {
  const invalid = validateGenerateContent(body);
  if (invalid) return invalid;
  const config = (body as GenerateContentBody).generationConfig ?? {};
  if (config.responseMimeType === 'application/json') {
    return generateContentReply(
      JSON.stringify(minimalValueFor(config.responseJsonSchema ?? config.responseSchema)),
    );
  }
  return generateContentReply('This is a fake answer.');
};

export interface FakeGeminiOptions {
  /** The key requests must carry in `x-goog-api-key` (or `?key=`). Default `test-key`. */
  apiKey?: string;
}

export class FakeGeminiServer {
  /** Every request received, in order (including faulted ones). */
  readonly requests: FakeGeminiRequest[] = [];
  private readonly routes = new Map<string, FakeGeminiRoute>([
    ['embedContent', embedContent],
    ['batchEmbedContents', batchEmbedContents],
    ['generateContent', generateContent],
  ]);
  private readonly faults: Array<{ fault: FakeGeminiFault; rpc?: string }> = [];
  private readonly server: Server;
  private readonly apiKey: string;
  url = '';

  constructor(options: FakeGeminiOptions = {}) {
    this.apiKey = options.apiKey ?? 'test-key';
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.send(res, googleError(500, 'INTERNAL', error instanceof Error ? error.message : String(error)));
      });
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Adds or replaces the handler of an RPC (e.g. `generateContent`). */
  route(rpc: string, handler: FakeGeminiRoute): this {
    this.routes.set(rpc, handler);
    return this;
  }

  /** Answers the next `times` requests (of one RPC, or any) with a fault. */
  failNext(fault: FakeGeminiFault, times = 1, rpc?: string): this {
    for (let i = 0; i < times; i++) this.faults.push({ fault, rpc });
    return this;
  }

  /** Requests of one RPC. */
  requestsFor(rpc: string): FakeGeminiRequest[] {
    return this.requests.filter((request) => request.rpc === rpc);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):([A-Za-z]+)$/.exec(url.pathname);
    if (!match)
      return this.send(res, googleError(404, 'NOT_FOUND', `no route for ${req.method} ${url.pathname}`));
    let body: unknown;
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return this.send(res, googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'));
    }
    const request: FakeGeminiRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      apiVersion: match[1]!,
      model: match[2]!,
      rpc: match[3]!,
      headers: req.headers,
      body,
    };
    this.requests.push(request);
    const key = req.headers['x-goog-api-key'] ?? url.searchParams.get('key');
    if (key !== this.apiKey) {
      return this.send(
        res,
        googleError(403, 'PERMISSION_DENIED', 'API key not valid. Please pass a valid API key.'),
      );
    }
    const faultIndex = this.faults.findIndex((entry) => entry.rpc === undefined || entry.rpc === request.rpc);
    if (faultIndex >= 0) {
      const [{ fault }] = this.faults.splice(faultIndex, 1) as [{ fault: FakeGeminiFault }];
      return this.send(res, faultReply(fault));
    }
    const route = this.routes.get(request.rpc);
    if (!route || request.method !== 'POST') {
      return this.send(
        res,
        googleError(404, 'NOT_FOUND', `models/${request.model}:${request.rpc} is not supported by the fake`),
      );
    }
    this.send(res, await route(request));
  }

  private send(res: ServerResponse, reply: FakeGeminiReply): void {
    const write = (): void => {
      if (res.destroyed) return;
      const headers = { 'content-type': 'application/json; charset=UTF-8', ...reply.headers };
      res.writeHead(reply.status ?? 200, headers);
      res.end(reply.raw ?? JSON.stringify(reply.json ?? {}));
    };
    if (reply.delayMs) setTimeout(write, reply.delayMs).unref();
    else write();
  }
}

/** Starts a fake Gemini API on an ephemeral port. */
export function startFakeGeminiServer(options: FakeGeminiOptions = {}): Promise<FakeGeminiServer> {
  return new FakeGeminiServer(options).listen();
}
