import { ArgumentMetadata, createParamDecorator, ExecutionContext, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { InvalidInput } from './errors';
import { unsafeTextMessages } from './safe-text';
import { isValidDate, parseIsoWeek } from './time';

/** Flattens class-validator errors into one message per failing field, each naming the field path. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      for (const [rule, msg] of Object.entries(e.constraints)) {
        if (rule === 'whitelistValidation') out.push(`${path}: unknown field (not allowed)`);
        // a rule over an object may name the entry itself (`monthlyCapacity.bags: …`)
        else if (msg.startsWith(`${e.property}.`) || msg.startsWith(`${e.property}:`)) out.push(parent ? `${parent}.${msg}` : msg);
        else out.push(msg.startsWith(e.property) ? `${path}: ${msg.slice(e.property.length).trim()}` : `${path}: ${msg}`);
      }
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

/**
 * The global pipe: first the text rule over every string of the argument (body, query, route
 * parameter; DTO or not), naming its path, then class-validator. Arguments taken with a custom
 * decorator (RowsBody) are left to their handler.
 */
class SafeTextValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problems = unsafeTextMessages(value, metadata.data ?? '');
      if (problems.length) throw new InvalidInput(problems);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new SafeTextValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidInput(flattenValidationErrors(errors)),
  });
}

/**
 * The parsed body, past the pipe's whole-payload text check: for endpoints that validate row by
 * row (bulk orders), where one bad row is reported by index and must not sink the good ones.
 */
export const RowsBody = createParamDecorator((_data: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ body: unknown }>().body);

/** A real calendar date YYYY-MM-DD (a WIB day): 2026-02-30 and 2026-13-01 are refused. */
export function IsWibDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWibDate',
      validator: {
        validate: (v) => typeof v === 'string' && isValidDate(v),
        defaultMessage: (a) => `${a?.property} must be a real date YYYY-MM-DD (a WIB day)`,
      },
    },
    options,
  );
}

export const WEEK_RULE = 'must be an ISO week like 2026-W47 (a week that exists)';

/** A real ISO week YYYY-Www: 2026-W53 exists, 2025-W53 and 2026-W60 do not. */
export function IsIsoWeek(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoWeek',
      validator: { validate: (v) => typeof v === 'string' && parseIsoWeek(v) !== null, defaultMessage: (a) => `${a?.property} ${WEEK_RULE}` },
    },
    options,
  );
}

/** The IsIsoWeek rule for a value read by hand (a page's query): the week, or a 400 naming the field. */
export function isoWeekParam(field: string, value: unknown): string {
  if (typeof value !== 'string' || !parseIsoWeek(value)) throw new InvalidInput(`${field}: ${WEEK_RULE}`);
  return value;
}
