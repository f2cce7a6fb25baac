import { Injectable } from '@nestjs/common';
import { ActorNamesRepository } from './actor-names.repository';

type Lang = 'id' | 'en';
type Text = { id: string; en: string };

/** Actors that are not a person or a key of their own. */
const FIXED: Record<string, Text> = {
  'system:watch': { id: 'Sistem (pemantauan mingguan)', en: 'System (weekly watch)' },
  'system:scheduler': { id: 'Sistem (jadwal mingguan)', en: 'System (weekly schedule)' },
  system: { id: 'Sistem', en: 'System' },
  'admin:env': { id: 'Admin (kunci bootstrap)', en: 'Admin (bootstrap key)' },
};
const GONE: Record<'user' | 'key', Text> = {
  user: { id: 'Pengguna (tidak ada lagi)', en: 'User (no longer exists)' },
  key: { id: 'Kunci API (tidak ada lagi)', en: 'API key (no longer exists)' },
};
const UNNAMED_KEY: Text = { id: 'Kunci API tanpa label', en: 'Unlabelled API key' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `<role>:user:<id>` for a signed-in person, `<role>:<key id>` for an API key (see actorLabel). */
function parse(label: string): { kind: 'user' | 'key'; id: string } | null {
  const m = /^(?:admin|officer|business):(user:)?(.+)$/.exec(label);
  if (!m || !UUID.test(m[2])) return null;
  return { kind: m[1] ? 'user' : 'key', id: m[2].toLowerCase() };
}

/**
 * Names for the actor labels written in histories and audit rows: a person's name (or email), an
 * API key's label, or a fixed name for the engine and the bootstrap key. Reads the users and
 * api_keys tables by id only; an unknown label is shown as it is.
 */
@Injectable()
export class ActorDirectory {
  constructor(private readonly repo: ActorNamesRepository) {}

  async names(labels: Iterable<string>, lang: Lang): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const users = new Map<string, string>();
    const keys = new Map<string, string>();
    for (const label of new Set(labels)) {
      const fixed = FIXED[label];
      const p = parse(label);
      if (fixed) out.set(label, fixed[lang]);
      else if (p?.kind === 'user') users.set(label, p.id);
      else if (p?.kind === 'key') keys.set(label, p.id);
      else out.set(label, label);
    }
    const [userRows, keyRows] = await Promise.all([
      users.size ? this.repo.userNames([...users.values()]) : [],
      keys.size ? this.repo.keyLabels([...keys.values()]) : [],
    ]);
    const userName = new Map(userRows.map((r) => [r.id, r.name]));
    const keyName = new Map(keyRows.map((r) => [r.id, r.name]));
    for (const [label, id] of users) out.set(label, userName.get(id) ?? GONE.user[lang]);
    for (const [label, id] of keys) out.set(label, keyName.has(id) ? (keyName.get(id) ?? UNNAMED_KEY[lang]) : GONE.key[lang]);
    return out;
  }
}
