import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Snapshot } from '../reports/report.types';
import { ReportsRepository } from '../reports/reports.repository';
import { DigestBodyQp, DigestFilters, Locale } from './digest-render';

interface Entry<T> {
  value: T;
  version: string;
  usedAt: number;
  bytes: number;
}

export interface CachedSnapshot {
  snapshot: Snapshot;
  /** Changes whenever the stored row does (a privacy deletion anonymises published lists). */
  version: string;
}

/** Key of what a digest body depends on besides the week: language, filters (as shown), repeat, the links' base. */
export function bodyKey(week: string, version: string, locale: Locale, f: DigestFilters, repeat: boolean, base: string): string {
  return JSON.stringify([week, version, locale, f.districts, f.markets, f.materials, f.kinds, repeat, base]);
}

/**
 * Per-process caches for a send batch: the parsed weekly snapshot (a list of thousands of rows is
 * MBs of JSON: parsed once, not once per digest) and the rendered digest bodies per (week,
 * language, filters). Both are small and bounded (LRU by count and bytes) and dropped after a few
 * idle minutes; a snapshot is re-read when its row changed (checked per use through `xmin`).
 */
@Injectable()
export class DigestContentCache implements OnApplicationShutdown {
  static readonly MAX_SNAPSHOTS = 2;
  static readonly MAX_BODIES = 200;
  static readonly MAX_BODY_BYTES = 32 * 1024 * 1024;
  static readonly IDLE_MS = 5 * 60_000;

  private readonly snapshots = new Map<string, Entry<Promise<Snapshot | undefined>>>();
  private readonly bodies = new Map<string, Entry<DigestBodyQp>>();
  /** Bodies being rendered, by key: a digest that needs one of them waits for it instead of rendering it again. */
  private readonly rendering = new Map<string, Promise<DigestBodyQp>>();
  private bodyBytes = 0;
  private sweeper?: NodeJS.Timeout;
  hits = 0;
  misses = 0;

  constructor(private readonly reports: ReportsRepository) {}

  /** The published list of a week (undefined when not published); shared, never mutate it. */
  async snapshot(week: string): Promise<CachedSnapshot | undefined> {
    const version = await this.reports.version(week);
    if (version === undefined) return undefined;
    const now = Date.now();
    let e = this.snapshots.get(week);
    if (!e || e.version !== version) {
      const value = this.reports.get(week);
      e = { value, version, usedAt: now, bytes: 0 };
      const mine = e;
      value.catch(() => this.snapshots.get(week) === mine && this.snapshots.delete(week));
      this.snapshots.delete(week);
      this.snapshots.set(week, e);
      while (this.snapshots.size > DigestContentCache.MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
      this.armSweeper();
    } else {
      e.usedAt = now;
      this.snapshots.delete(week);
      this.snapshots.set(week, e);
    }
    const snapshot = await e.value;
    return snapshot ? { snapshot, version: e.version } : undefined;
  }

  /**
   * A rendered digest body, rendered by `render` on the first use of its key. `render` may read what
   * only the body needs (follow-ups, expiring documents): on a hit nothing is read. Digests of one key
   * sent at once share one render.
   */
  async body(key: string, render: () => Promise<DigestBodyQp>): Promise<DigestBodyQp> {
    const e = this.bodies.get(key);
    if (e) {
      this.hits++;
      e.usedAt = Date.now();
      this.bodies.delete(key);
      this.bodies.set(key, e);
      return e.value;
    }
    const pending = this.rendering.get(key);
    if (pending) {
      this.hits++;
      return pending;
    }
    this.misses++;
    const p = render()
      .then((value) => {
        this.keep(key, value);
        return value;
      })
      .finally(() => this.rendering.delete(key));
    this.rendering.set(key, p);
    return p;
  }

  private keep(key: string, value: DigestBodyQp): void {
    const bytes =
      2 * (value.html[0].length + value.html[1].length + value.html[2].length + value.text.length) +
      value.qp.html[0].length +
      value.qp.html[1].length +
      value.qp.html[2].length +
      value.qp.text.length;
    if (bytes > DigestContentCache.MAX_BODY_BYTES / 4) return; // too big to be worth keeping
    this.bodies.set(key, { value, version: '', usedAt: Date.now(), bytes });
    this.bodyBytes += bytes;
    while (this.bodies.size > DigestContentCache.MAX_BODIES || this.bodyBytes > DigestContentCache.MAX_BODY_BYTES)
      this.dropBody(this.bodies.keys().next().value!);
    this.armSweeper();
  }

  get size(): { snapshots: number; bodies: number; bodyBytes: number } {
    return { snapshots: this.snapshots.size, bodies: this.bodies.size, bodyBytes: this.bodyBytes };
  }

  clear(): void {
    this.snapshots.clear();
    this.bodies.clear();
    this.rendering.clear();
    this.bodyBytes = 0;
  }

  private dropBody(key: string): void {
    const e = this.bodies.get(key);
    if (!e) return;
    this.bodyBytes -= e.bytes;
    this.bodies.delete(key);
  }

  /** Frees what a finished batch left behind once it has been idle for IDLE_MS. */
  private armSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const old = Date.now() - DigestContentCache.IDLE_MS;
      for (const [k, e] of this.snapshots) if (e.usedAt < old) this.snapshots.delete(k);
      for (const [k, e] of this.bodies) if (e.usedAt < old) this.dropBody(k);
      if (!this.snapshots.size && !this.bodies.size) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, 60_000);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.clear();
  }
}
