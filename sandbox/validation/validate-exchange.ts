import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SPEC_DISCREPANCIES, type SpecDiscrepancy } from '../spec-discrepancies.ts';
import { type LoadedSpec, toJsonSchema } from './load-specs.ts';
import { type OperationMatch, OperationRouter, type SpecOperation } from './match-operation.ts';
import type { SchemaError, Violation, ViolationLog } from './violation-log.ts';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** A request as the validator sees it. */
export interface ExchangeRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  contentType: string | undefined;
  body: unknown;
  hasBody: boolean;
}

/** A response as the validator sees it. */
export interface ExchangeResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

type ParameterObject = { name: string; in: string; required?: boolean; schema?: unknown };

function createAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    coerceTypes: coerce ? 'array' : false,
    validateFormats: true,
  });
  addFormats(ajv);
  for (const name of ['binary', 'byte', 'int32', 'int64', 'float', 'double', 'password'])
    ajv.addFormat(name, true);
  return ajv;
}

/** JSON type of the offending value. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function trimErrors(errors: ErrorObject[] | null | undefined): SchemaError[] {
  return (errors ?? []).map((error) => ({
    instancePath: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    params: error.params as Record<string, unknown>,
    actualType: jsonType(error.data),
  }));
}

/** Whether an allow-list entry covers a violation (or one schema error of it). */
function covers(
  entry: SpecDiscrepancy,
  violation: Omit<Violation, 'id' | 'at'>,
  error?: SchemaError,
): boolean {
  if (entry.direction !== violation.direction) return false;
  if (entry.operation !== '*' && entry.operation !== violation.operation) return false;
  if (entry.kind && entry.kind !== violation.kind) return false;
  if (entry.status !== undefined && entry.status !== violation.status) return false;
  if (entry.parameter && entry.parameter !== violation.parameter) return false;
  if (error) {
    if (entry.instancePath && !entry.instancePath.test(error.instancePath)) return false;
    if (entry.keyword && entry.keyword !== error.keyword) return false;
    if (entry.actualType && entry.actualType !== error.actualType) return false;
  }
  return true;
}

/**
 * Validates requests and responses of the application API against swagger.json and the supplement:
 * the operation must exist, path/query parameters and bodies must match their schemas, response
 * bodies must match the declared schema of their status. Known differences between Chatwoot's real
 * behaviour and its spec are filtered out by {@link SPEC_DISCREPANCIES}.
 */
export class ExchangeValidator {
  private readonly router: OperationRouter;
  private readonly strictAjv = createAjv(false);
  private readonly coercingAjv = createAjv(true);
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    specs: LoadedSpec[],
    private readonly log: ViolationLog,
    private readonly discrepancies: SpecDiscrepancy[] = SPEC_DISCREPANCIES,
  ) {
    this.router = new OperationRouter(specs);
    for (const spec of specs) {
      const components = toJsonSchema(spec.document.components ?? {}, spec.id);
      this.strictAjv.addSchema({ $id: spec.id, components }, spec.id);
      this.coercingAjv.addSchema({ $id: spec.id, components }, spec.id);
    }
  }

  /** Match a request to its operation. */
  match(method: string, path: string): OperationMatch {
    return this.router.match(method, path);
  }

  /** Validate a request; returns the matched operation (or undefined). */
  checkRequest(request: ExchangeRequest): SpecOperation | undefined {
    const match = this.router.match(request.method, request.path);
    const base = { direction: 'request' as const, method: request.method, path: request.path };
    if (match.kind === 'unknown-path') {
      this.record({
        ...base,
        kind: 'unknown-path',
        operation: null,
        message: `No operation in the spec matches ${request.path}`,
      });
      return undefined;
    }
    if (match.kind === 'method-not-allowed') {
      this.record({
        ...base,
        kind: 'method-not-allowed',
        operation: null,
        message: `${request.method} is not an operation of ${match.templates.join(', ')}`,
      });
      return undefined;
    }
    const { operation, pathParams } = match;
    const name = `${operation.method} ${operation.template}`;
    const parameters = this.parametersOf(operation);
    for (const parameter of parameters.filter((entry) => entry.in === 'path')) {
      if (!(parameter.name in pathParams)) continue; // declared under another name than the template's
      this.checkValue(operation, 'path', parameter, pathParams[parameter.name], {
        ...base,
        operation: name,
        kind: 'path-parameter',
      });
    }
    const declaredQuery = new Set(
      parameters.filter((entry) => entry.in === 'query').map((entry) => entry.name),
    );
    for (const parameter of parameters.filter((entry) => entry.in === 'query')) {
      const value = request.query[parameter.name] ?? request.query[`${parameter.name}[]`];
      if (value === undefined) {
        if (parameter.required) {
          this.record({
            ...base,
            operation: name,
            kind: 'query-parameter',
            parameter: parameter.name,
            message: `Missing required query parameter ${parameter.name}`,
          });
        }
        continue;
      }
      this.checkValue(operation, 'query', parameter, value, {
        ...base,
        operation: name,
        kind: 'query-parameter',
      });
    }
    for (const key of Object.keys(request.query)) {
      if (declaredQuery.has(key) || declaredQuery.has(key.replace(/\[\]$/, ''))) continue;
      this.record({
        ...base,
        operation: name,
        kind: 'unknown-query-parameter',
        parameter: key,
        message: `Query parameter ${key} is not in the spec`,
      });
    }
    this.checkRequestBody(operation, name, request, base);
    return operation;
  }

  /** Validate a response of an operation. */
  checkResponse(operation: SpecOperation, request: ExchangeRequest, response: ExchangeResponse): void {
    const name = `${operation.method} ${operation.template}`;
    const base = {
      direction: 'response' as const,
      method: request.method,
      path: request.path,
      operation: name,
      status: response.status,
    };
    const responses = (operation.operation.responses ?? {}) as Record<string, Record<string, unknown>>;
    const declared =
      responses[String(response.status)] ?? responses[`${String(response.status)[0]}XX`] ?? responses.default;
    if (!declared) {
      if (response.status < 400) {
        this.record({
          ...base,
          kind: 'undeclared-status',
          message: `Status ${response.status} is not declared for ${name}`,
        });
      }
      return;
    }
    const content = (declared.content ?? {}) as Record<string, { schema?: unknown }>;
    const media = content['application/json'];
    if (!media?.schema) return;
    let body: unknown;
    try {
      body = response.body === '' ? undefined : JSON.parse(response.body);
    } catch {
      this.record({ ...base, kind: 'response-body', message: 'Response body is not JSON' });
      return;
    }
    if (body === undefined) {
      this.record({
        ...base,
        kind: 'response-body',
        message: 'Response body is empty but the spec declares one',
      });
      return;
    }
    const validate = this.compile(
      `${operation.specId}:${name}:${response.status}:response`,
      media.schema,
      operation.specId,
      false,
    );
    if (!validate(body)) {
      this.record({
        ...base,
        kind: 'response-body',
        message: 'Response body does not match the spec',
        errors: trimErrors(validate.errors),
      });
    }
  }

  private parametersOf(operation: SpecOperation): ParameterObject[] {
    const resolved = new Map<string, ParameterObject>();
    const add = (list: unknown) => {
      for (const raw of Array.isArray(list) ? list : []) {
        const parameter = this.resolveRef(operation.specId, raw) as ParameterObject;
        if (parameter?.name) resolved.set(`${parameter.in}:${parameter.name}`, parameter);
      }
    };
    add(operation.pathParameters);
    add(operation.operation.parameters);
    return [...resolved.values()];
  }

  private resolveRef(specId: string, node: unknown): unknown {
    const ref = (node as { $ref?: string })?.$ref;
    if (!ref?.startsWith('#/')) return node;
    const schema = this.strictAjv.getSchema(specId)?.schema as Record<string, unknown> | undefined;
    let cursor: unknown = schema;
    for (const part of ref.slice(2).split('/'))
      cursor = (cursor as Record<string, unknown> | undefined)?.[
        part.replace(/~1/g, '/').replace(/~0/g, '~')
      ];
    return cursor === undefined ? node : (JSON.parse(JSON.stringify(cursor)) as unknown);
  }

  private checkValue(
    operation: SpecOperation,
    where: 'path' | 'query',
    parameter: ParameterObject,
    value: unknown,
    base: Omit<Violation, 'id' | 'at' | 'message'>,
  ): void {
    if (!parameter.schema) return;
    const name = `${operation.method} ${operation.template}`;
    // Wrapped in an object so ajv's type coercion can replace the (string) value in place.
    const schema = { type: 'object', properties: { value: parameter.schema } };
    const validate = this.compile(
      `${operation.specId}:${name}:${where}:${parameter.name}`,
      schema,
      operation.specId,
      true,
    );
    if (!validate({ value: structuredClone(value) })) {
      this.record({
        ...base,
        parameter: parameter.name,
        message: `${where} parameter ${parameter.name} does not match the spec`,
        errors: trimErrors(validate.errors),
      });
    }
  }

  private checkRequestBody(
    operation: SpecOperation,
    name: string,
    request: ExchangeRequest,
    base: { direction: 'request'; method: string; path: string },
  ): void {
    const requestBody = this.resolveRef(operation.specId, operation.operation.requestBody) as
      { required?: boolean; content?: Record<string, { schema?: unknown }> } | undefined;
    const hasContent =
      request.hasBody &&
      !(request.body && typeof request.body === 'object' && Object.keys(request.body).length === 0);
    if (!requestBody) {
      if (hasContent)
        this.record({
          ...base,
          operation: name,
          kind: 'unexpected-body',
          message: `${name} takes no request body`,
        });
      return;
    }
    if (!hasContent) {
      if (requestBody.required)
        this.record({
          ...base,
          operation: name,
          kind: 'missing-body',
          message: `${name} requires a request body`,
        });
      return;
    }
    const mediaType = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const content = requestBody.content ?? {};
    const media = content[mediaType];
    if (!media) {
      this.record({
        ...base,
        operation: name,
        kind: 'unsupported-media-type',
        message: `${mediaType || 'no content type'} is not a declared media type of ${name} (${Object.keys(content).join(', ')})`,
      });
      const fallback = content['application/json'];
      if (mediaType === 'multipart/form-data' && fallback?.schema)
        this.checkBody(operation, name, fallback.schema, request.body, true, base);
      return;
    }
    if (media.schema)
      this.checkBody(operation, name, media.schema, request.body, mediaType !== 'application/json', base);
  }

  private checkBody(
    operation: SpecOperation,
    name: string,
    schema: unknown,
    body: unknown,
    coerce: boolean,
    base: { direction: 'request'; method: string; path: string },
  ): void {
    const validate = this.compile(
      `${operation.specId}:${name}:body:${coerce}`,
      schema,
      operation.specId,
      coerce,
    );
    const data = coerce ? stripFiles(structuredClone(body)) : body;
    if (!validate(data)) {
      this.record({
        ...base,
        operation: name,
        kind: 'request-body',
        message: 'Request body does not match the spec',
        errors: trimErrors(validate.errors),
      });
    }
  }

  private compile(key: string, schema: unknown, specId: string, coerce: boolean): ValidateFunction {
    const cacheKey = `${coerce}:${key}`;
    let validate = this.cache.get(cacheKey);
    if (!validate) {
      const ajv = coerce ? this.coercingAjv : this.strictAjv;
      validate = ajv.compile(toJsonSchema(schema, specId) as object);
      this.cache.set(cacheKey, validate);
    }
    return validate;
  }

  /** Record a violation unless the allow-list covers it; schema errors are filtered one by one. */
  private record(violation: Omit<Violation, 'id' | 'at'>): void {
    if (violation.errors && violation.errors.length > 0) {
      const remaining = violation.errors.filter(
        (error) => !this.discrepancies.some((entry) => covers(entry, violation, error)),
      );
      if (remaining.length === 0) return;
      this.log.add({ ...violation, errors: remaining });
      return;
    }
    if (this.discrepancies.some((entry) => covers(entry, violation))) return;
    this.log.add(violation);
  }
}

/** Multipart file parts are binary strings in the spec; replace them with a string for validation. */
function stripFiles(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripFiles);
  if (value && typeof value === 'object') {
    if ((value as { uploaded?: unknown }).uploaded === true) return '<file>';
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripFiles(item)]));
  }
  return value;
}
