/**
 * Domain errors carry a code and the HTTP status they map to; the global filter turns them into
 * the contract's `{ statusCode, error, message }` once, so services never touch HTTP types.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string | string[],
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = message;
  }
  readonly messages: string | string[];
}

/** 400 with one entry per failing field, each naming the field. */
export class InvalidInput extends DomainError {
  constructor(messages: string[] | string) {
    super(400, 'invalid_input', Array.isArray(messages) ? messages : [messages]);
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class Conflict extends DomainError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'your role may not do this') {
    super(403, 'forbidden', message);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'a valid API key is required: Authorization: Bearer <key>') {
    super(401, 'unauthorized', message);
  }
}
