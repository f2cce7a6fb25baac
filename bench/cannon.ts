/**
 * Runs autocannon in its own process (so the server under test keeps its core) and prints the
 * summary as JSON. Env: CANNON_URL, CANNON_BODY, CANNON_AUTH, CANNON_CONNECTIONS, CANNON_SECONDS.
 */
import autocannon from 'autocannon';

async function main(): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (process.env.CANNON_AUTH) headers.authorization = process.env.CANNON_AUTH;
  const result = await autocannon({
    url: process.env.CANNON_URL!,
    method: 'POST',
    headers,
    body: process.env.CANNON_BODY,
    connections: Number(process.env.CANNON_CONNECTIONS ?? 50),
    duration: Number(process.env.CANNON_SECONDS ?? 10),
  });
  const codes: Record<string, number> = {};
  for (const k of Object.keys(result)) {
    const m = /^(\d)xx$/.exec(k);
    if (m) codes[k] = (result as unknown as Record<string, number>)[k];
  }
  process.stdout.write(
    JSON.stringify({
      requests: result.requests.total,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
      timeouts: result.timeouts,
      durationS: result.duration,
      codes,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
