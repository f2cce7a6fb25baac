import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInput } from './errors';

/** The rule of an id that is not a UUID. */
export const UUID_RULE = 'must be a UUID';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v);
}

/** Path/query ids must be UUIDs; anything else is a 400 that names the parameter. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string | undefined> {
  constructor(private readonly optional = false) {}
  transform(value: unknown, meta: ArgumentMetadata): string | undefined {
    if (this.optional && (value === undefined || value === '')) return undefined;
    if (!isUuid(value)) throw new InvalidInput(`${meta.data ?? 'id'}: ${UUID_RULE}`);
    return value.toLowerCase();
  }
}

export const uuidPipe = new UuidPipe();
export const optionalUuidPipe = new UuidPipe(true);
