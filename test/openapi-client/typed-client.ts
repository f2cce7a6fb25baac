import createClient from 'openapi-fetch';
import type { components, paths } from './generated/api';

type Business = components['schemas']['BusinessDto'];

/**
 * A client written only against the types generated from /api/docs-json: tsc checks it (a wrong
 * path, field or parameter does not compile) and the e2e test runs it against the real app.
 */
export async function useTypedClient(baseUrl: string, adminKey: string) {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${adminKey}` } });

  const health = await api.GET('/health');
  const created = await api.POST('/api/v1/businesses', {
    body: { name: 'Kulit Pari Sarang', district: 'Sarang', materials: ['stingray'], nib: '9120009876543' },
  });
  if (!created.data) throw new Error(`create answered ${created.response.status}`);
  const business: Business = created.data;
  const got = await api.GET('/api/v1/businesses/{id}', { params: { path: { id: business.id } } });
  const patched = await api.PATCH('/api/v1/businesses/{id}', { params: { path: { id: business.id } }, body: { hasCustomsAccess: true } });
  const listed = await api.GET('/api/v1/businesses', { params: { query: { district: 'Sarang', limit: 10 } } });
  const invalid = await api.POST('/api/v1/businesses', { body: { name: 'Tanpa Kecamatan', district: 'Jakarta' as 'Sarang' } });
  const anonymous = await createClient<paths>({ baseUrl }).GET('/api/v1/businesses');

  // @ts-expect-error district is required by CreateBusinessDto: proves the body is typed, not `any`
  const typedBody = () => api.POST('/api/v1/businesses', { body: { name: 'Tanpa Kecamatan' } });
  // @ts-expect-error there is no such path in the document
  const typedPath = () => api.GET('/api/v1/no-such-path');
  void typedBody;
  void typedPath;

  return {
    health: health.data?.status,
    created: {
      id: business.id,
      status: created.response.status,
      district: business.district,
      materials: business.materials,
      hasCustomsAccess: business.hasCustomsAccess,
    },
    got: got.data?.id === business.id ? got.data.name : null,
    patched: patched.data?.hasCustomsAccess,
    listedIds: listed.data?.items.map((b) => b.id) ?? [],
    invalid: { status: invalid.response.status, message: invalid.error?.message },
    anonymous: { status: anonymous.response.status, error: anonymous.error?.error },
  };
}
