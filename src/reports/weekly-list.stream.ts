import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ItemCursor } from './reports.repository';
import type { SnapshotItem } from './report.types';
import { csvHead, csvRecords, filterItems, Lang, ListFilters, localiseItem, SnapshotHead, weeklyListEnvelope } from './weekly-list.view';

/** Rows read from Postgres per batch: ~2 kB of JSON each, so one batch is about 0.5 MB in memory. */
export const STREAM_BATCH = 250;
/**
 * Rows rendered into one piece of the answer: ~35 kB of JSON (~11 kB of CSV). A batch rendered as
 * one string is about 0.5 MB, over V8's largest young-generation object, so every batch's text
 * went straight to the old generation and stayed there, garbage, until a full collection: an
 * 85 MB list grew the process by 160–200 MB. Pieces this size die young.
 */
export const PIECE_ROWS = 16;
/** A reader that takes nothing for this long gives its pooled connection back: the answer is cut off. */
export const STALLED_READER_MS = 60_000;

/**
 * The JSON text before and after the rows: the envelope serialised with a unique placeholder for
 * `items`, split there. Whatever top-level fields the envelope has, and in whatever order, the
 * streamed text is byte for byte `JSON.stringify` of the whole list.
 */
export function jsonAround(head: SnapshotHead, lang: Lang, filters: ListFilters): [string, string] {
  const marker = `items-${randomUUID()}`;
  const text = JSON.stringify(weeklyListEnvelope(head, lang, filters, marker));
  const at = text.indexOf(JSON.stringify(marker));
  return [text.slice(0, at) + '[', ']' + text.slice(at + marker.length + 2)];
}

/**
 * A readable stream of prefix, the batches rendered PIECE_ROWS rows at a time, and suffix. It reads the next batch only when
 * the reply has taken the previous one (backpressure: at most one batch waits in memory); the
 * cursor is closed at the end, on a read error and when the client goes away.
 */
function batchStream(prefix: string, suffix: string, cursor: ItemCursor, render: (batch: SnapshotItem[]) => string): Readable {
  let started = false;
  let stalled: NodeJS.Timeout | undefined;
  const stream: Readable = new Readable({
    read() {
      clearTimeout(stalled);
      stalled = setTimeout(() => stream.destroy(new Error('weekly list reader stalled')), STALLED_READER_MS).unref();
      const step = async (): Promise<void> => {
        if (!started) {
          started = true;
          this.push(prefix);
          return;
        }
        for (;;) {
          const batch = await cursor.next();
          if (batch.length === 0) {
            await cursor.close();
            if (suffix) this.push(suffix);
            this.push(null);
            return;
          }
          // a piece the filters emptied pushes nothing (an empty push would stall the stream)
          let pushed = false;
          for (let at = 0; at < batch.length; at += PIECE_ROWS) {
            const text = render(batch.slice(at, at + PIECE_ROWS));
            if (text) {
              this.push(text);
              pushed = true;
            }
          }
          if (pushed) return;
        }
      };
      step().catch((err: Error) => this.destroy(err));
    },
    destroy(err, cb) {
      clearTimeout(stalled);
      cursor.close().then(
        () => cb(err),
        (e: Error) => cb(err ?? e),
      );
    },
  });
  return stream;
}

export function weeklyListJsonStream(head: SnapshotHead, cursor: ItemCursor, lang: Lang, filters: ListFilters): Readable {
  const [before, after] = jsonAround(head, lang, filters);
  let first = true;
  return batchStream(before, after, cursor, (batch) => {
    const rows = filterItems(batch, filters);
    if (rows.length === 0) return '';
    const text = rows.map((i) => JSON.stringify(localiseItem(i, lang))).join(',');
    const sep = first ? '' : ',';
    first = false;
    return sep + text;
  });
}

export function weeklyListCsvStream(head: SnapshotHead, cursor: ItemCursor, lang: Lang, filters: ListFilters): Readable {
  return batchStream(csvHead(), '', cursor, (batch) => csvRecords(head.week, filterItems(batch, filters), lang));
}
