/**
 * Errors raised by domain services, each mapped by the HTTP layer to the status and body Chatwoot renders
 * (`RequestExceptionHandler`).
 */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      typeof body === 'object' && body && 'error' in body
        ? String((body as { error: unknown }).error)
        : 'error',
    );
  }
}

/** `ActiveRecord::RecordNotFound` → 404 `{ error: 'Resource could not be found' }`. */
export class NotFoundError extends SandboxHttpError {
  constructor() {
    super(404, { error: 'Resource could not be found' });
  }
}

/** `render_unauthorized` → 401 `{ error }`. */
export class UnauthorizedError extends SandboxHttpError {
  constructor(message: string) {
    super(401, { error: message });
  }
}

/** `render_could_not_create_error` → 422 `{ error }`. */
export class UnprocessableError extends SandboxHttpError {
  constructor(message: string) {
    super(422, { error: message });
  }
}

/**
 * `ActiveRecord::RecordInvalid` → 422 `{ message: full messages joined by ", ", attributes: [...] }`.
 * Each entry is `[attribute, message]`; the full message is "<Humanized attribute> <message>".
 */
export class RecordInvalidError extends SandboxHttpError {
  constructor(readonly problems: Array<[attribute: string, message: string]>) {
    super(422, {
      message: problems.map(([attribute, message]) => fullMessage(attribute, message)).join(', '),
      attributes: [...new Set(problems.map(([attribute]) => attribute))],
    });
  }
}

/** Rails' `errors.full_message`: "Phone number should be in e164 format". */
function fullMessage(attribute: string, message: string): string {
  if (attribute === 'base') return message;
  const words = attribute.replace(/_id$/, '').split('_').join(' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} ${message}`;
}
