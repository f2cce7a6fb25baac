export const ROLE_NAMES = ['admin', 'officer', 'business'] as const;
export type Role = (typeof ROLE_NAMES)[number];

/** Who is calling: resolved once per request by the auth guard. */
export interface Actor {
  role: Role;
  /** api key id, or 'env-admin' for ADMIN_API_KEY. */
  keyId: string;
  /** Set for role business: the only business this actor may touch. */
  businessId?: string;
}

export function isStaff(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'officer';
}

/** How an actor is written in audit rows and histories (never the key itself). */
export function actorLabel(actor: Actor): string {
  return actor.keyId === 'env-admin' ? 'admin:env' : `${actor.role}:${actor.keyId}`;
}
