import { BadRequestError, NotFoundError } from '../errors.ts';

/** A record the caller addressed does not exist in its installation. */
export function recordNotFound(kind: string, installationId: string, id: string | number): NotFoundError {
  return new NotFoundError(`${kind} ${id} not found in installation ${installationId}`);
}

/** A write would break a uniqueness rule (duplicate id, second active installation, ...). */
export function recordConflict(message: string): BadRequestError {
  return new BadRequestError(message, 409, 'conflict');
}

/** The caller passed a record that contradicts the call (e.g. a chunk of another document). */
export function invalidRecord(message: string): BadRequestError {
  return new BadRequestError(message, 400, 'bad_request');
}

/** `KeyValueStore.increment` met a key whose value it cannot count from. */
export function notAnInteger(namespace: string, key: string): BadRequestError {
  return invalidRecord(
    `key ${key} in namespace ${namespace} holds a value that is not an integer; it cannot be incremented`,
  );
}
