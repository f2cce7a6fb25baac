import type { Rung } from '../pathway/pathway.types';
import { pickCoordinator } from './candidate';

const m = (id: string, activeWeeks13: number, orders13w: number) => ({ businessId: id, businessName: `Batik ${id}`, activeWeeks13, orders13w });

describe('pickCoordinator: furthest up the ladder, then the most regular', () => {
  const rungs: Record<string, Rung> = { a: 'own_cn', b: 'consolidated', c: 'own_cn', d: 'own_cn' };
  const rungOf = (id: string) => rungs[id] ?? 'unrecorded';

  it('the highest rung wins over more active weeks and orders', () => {
    expect(pickCoordinator([m('a', 13, 40), m('b', 3, 4)], rungOf).businessId).toBe('b');
  });

  it('on one rung: most active weeks, then most orders, then the name', () => {
    expect(pickCoordinator([m('a', 6, 9), m('c', 8, 8)], rungOf).businessId).toBe('c');
    expect(pickCoordinator([m('a', 8, 9), m('c', 8, 12)], rungOf).businessId).toBe('c');
    expect(pickCoordinator([m('d', 8, 9), m('a', 8, 9)], rungOf).businessId).toBe('a');
  });
});
