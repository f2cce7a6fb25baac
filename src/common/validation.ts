import { ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidInput } from './errors';

/** Flattens class-validator errors into one message per failing field, each naming the field path. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      for (const [rule, msg] of Object.entries(e.constraints)) {
        if (rule === 'whitelistValidation') out.push(`${path}: unknown field (not allowed)`);
        else out.push(msg.startsWith(e.property) ? `${path}: ${msg.slice(e.property.length).trim()}` : `${path}: ${msg}`);
      }
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInput(flattenValidationErrors(errors)),
  });
}
