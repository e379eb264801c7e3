import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { mulberry32 } from '../../common/random';

/**
 * The load generator of `npm run bench -- gateway`, a process of its own (spawned pinned to core 1
 * with `taskset -c 1`, while the gateway under load runs on core 0): runs autocannon against one
 * gateway and prints its figures as one JSON line on stdout.
 *
 * `node load-worker.js CONFIG.json`; the config names the URL, connections, duration, a seed, the
 * operations (weight and request bodies) and the tokens. Each request picks its operation (by
 * weight) and its body with a generator seeded by `seed` (the same sequence for every gateway in a
 * repetition) and the next token of the pool, so that no two concurrent requests are the same.
 */

export interface WorkerConfig {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  readonly seed: number;
  readonly ops: { name: string; weight: number; bodies: string[] }[];
  readonly tokens: string[];
  readonly timeoutS?: number;
}

export interface WorkerResult {
  readonly durationS: number;
  readonly responses: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly non2xx: number;
  readonly socketErrors: number;
  readonly timeouts: number;
  /** Responses whose body holds `"errors"`. */
  readonly graphqlErrors: number;
  readonly statuses: Record<string, number>;
  readonly perOp: Record<string, number>;
  /** A few bodies of answers that were not clean. */
  readonly samples: string[];
}

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as WorkerConfig;
  const r = mulberry32(config.seed);
  const total = config.ops.reduce((s, o) => s + o.weight, 0);
  const u = new URL(config.url);
  let token = Math.floor(r() * config.tokens.length);
  let graphqlErrors = 0;
  const statuses: Record<string, number> = {};
  const perOp: Record<string, number> = {};
  const samples: string[] = [];
  const pick = () => {
    let x = r() * total;
    for (const o of config.ops) {
      x -= o.weight;
      if (x < 0) {
        return o;
      }
    }
    return config.ops[config.ops.length - 1];
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${u.protocol}//${u.host}`,
        connections: config.connections,
        duration: config.durationS,
        timeout: config.timeoutS ?? 30,
        requests: [
          {
            method: 'POST',
            path: u.pathname,
            setupRequest: req => {
              const op = pick();
              perOp[op.name] = (perOp[op.name] ?? 0) + 1;
              const body = op.bodies[Math.floor(r() * op.bodies.length)];
              const t = config.tokens[token++ % config.tokens.length];
              return { ...req, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` } };
            },
            onResponse: (status, body) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              const bad = body.includes('"errors"');
              if (bad) {
                graphqlErrors++;
              }
              if ((bad || status < 200 || status >= 300) && samples.length < 3) {
                samples.push(`${status} ${body.slice(0, 600)}`);
              }
            },
          },
        ],
      },
      (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    void instance;
  });
  const responses = result.requests.total;
  const out: WorkerResult = {
    durationS: result.duration,
    responses,
    rps: responses / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors,
    statuses,
    perOp,
    samples,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`load-worker: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
