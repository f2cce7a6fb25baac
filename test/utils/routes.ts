import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';

export interface RouteInfo {
  method: string;
  /** Full path with the global prefix, Nest style params (`/api/v1/orders/:id`). */
  path: string;
  controller: string;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every route the Nest router registered (controllers × handlers), with the API prefix applied (not to pages and health checks). */
export function registeredRoutes(app: INestApplication, prefix = 'api/v1', unprefixed: RegExp = /PagesController$|^HealthController$/): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!type) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '')[0];
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, fn);
        const m = Reflect.getMetadata(METHOD_METADATA, fn);
        if (sub === undefined || m === undefined) continue;
        for (const s of ([] as string[]).concat(sub))
          out.push({ method: RequestMethod[m as number], path: join(unprefixed.test(type.name) ? '' : prefix, base, s), controller: type.name });
      }
    }
  }
  return out;
}
