import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ResponsesObject } from '@nestjs/swagger';
import { PUBLIC_KEY, ROLES_KEY } from '../auth/auth.decorators';
import type { Role } from '../auth/actor';

const ALL_ROLES: Role[] = ['admin', 'officer', 'business'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const ERROR_REF = { $ref: '#/components/schemas/ErrorDto' };

interface Access {
  handler: string;
  isPublic: boolean;
  roles: Role[] | undefined;
}

/** Access rules per operationId (`<Controller>_<handler>`, Nest's default), read from the metadata the AuthGuard reads. */
function accessByOperation(app: INestApplication): Map<string, Access> {
  const out = new Map<string, Access>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!type) continue;
      const proto = type.prototype as Record<string, unknown>;
      for (const handler of Object.getOwnPropertyNames(proto)) {
        const fn = proto[handler];
        if (handler === 'constructor' || typeof fn !== 'function') continue;
        // the same precedence as Reflector.getAllAndOverride([handler, class]) in AuthGuard
        const meta = <T>(key: string): T | undefined => Reflect.getMetadata(key, fn) ?? Reflect.getMetadata(key, type);
        out.set(`${type.name}_${handler}`, { handler, isPublic: meta<boolean>(PUBLIC_KEY) === true, roles: meta<Role[]>(ROLES_KEY) });
      }
    }
  }
  return out;
}

const words = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function addErrors(responses: ResponsesObject, errors: Record<string, string>): void {
  for (const [code, description] of Object.entries(errors)) {
    if (!responses[code]) responses[code] = { description, content: { 'application/json': { schema: ERROR_REF } } };
  }
}

/**
 * Completes what the route decorators leave out, from the same metadata the server acts on, so
 * the document cannot drift from the behaviour: each operation's security (bearer, or none for
 * `@Public()` routes), who may call it, the error answers every route can give (the contract's
 * `{ statusCode, error, message }`), and a summary where the route has no `@ApiOperation`.
 */
export function completeDocument(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  const access = accessByOperation(app);
  doc.components = doc.components ?? {};
  doc.components.schemas = {
    ...doc.components.schemas,
    ErrorDto: {
      type: 'object',
      required: ['statusCode', 'error', 'message'],
      properties: {
        statusCode: { type: 'integer', example: 400 },
        error: { type: 'string', example: 'Bad Request' },
        message: {
          oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
          description: 'For validation: one entry per failing field, naming the field',
        },
      },
    },
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const a = op.operationId ? access.get(op.operationId) : undefined;
      if (!a) throw new Error(`OpenAPI: no route metadata for ${method.toUpperCase()} ${path} (${op.operationId})`);
      const tag = op.tags?.[0];
      if (!op.summary) op.summary = tag ? `${sentence(tag.replace(/-/g, ' '))}: ${words(a.handler)}` : sentence(words(a.handler));
      const restricted = a.roles && ALL_ROLES.some((r) => !a.roles!.includes(r));
      const who = a.isPublic ? 'Public: no API key.' : `Roles: ${(a.roles ?? ALL_ROLES).join(', ')}.`;
      op.description = op.description ? `${op.description}\n\n${who}` : who;
      op.security = a.isPublic ? [] : [{ bearer: [] }];
      const errors: Record<string, string> = {};
      if (op.requestBody || op.parameters?.length) errors['400'] = 'Invalid input: the message names each failing field';
      if (!a.isPublic) errors['401'] = 'No API key, or an unknown or revoked one';
      if (restricted) errors['403'] = `The key's role is not one of: ${a.roles!.join(', ')}`;
      if (/\{[^}]+\}/.test(path)) errors['404'] = 'Not found (for a business key: not its own)';
      if (path.startsWith('/api/')) errors['429'] = 'Rate limited (see Retry-After)';
      addErrors(op.responses, errors);
    }
  }
  return doc;
}
