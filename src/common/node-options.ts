/**
 * V8 options every process of the service starts with: docker/Dockerfile sets them as NODE_OPTIONS,
 * `npm start` and `npm run demo` pass them, and the bench starts its app and worker processes with
 * them (test/integration/house-rules.spec.ts keeps the four in step). Tests start their app in the
 * jest process and their child processes without them.
 *
 * A semi-space of at most 8 MB bounds V8's young generation at about 24 MB. With Node 24's default
 * sizing on a machine with this much memory it grows to ~134 MB under the weekly run or a stream
 * of order POSTs, although what the run keeps alive is ~32 MB above the idle process (heap
 * snapshot at the run's peak): the rest was garbage not yet collected. Measured on the full-size
 * bench data (5,000 businesses, 2 M orders), the worker process of a weekly run: peak RSS 533 →
 * 394 MB at the same run time (docs/performance.md, "Memory").
 */
export const NODE_OPTIONS = '--max-semi-space-size=8';
