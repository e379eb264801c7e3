import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../common/config';
import { createLogger } from '../common/logger';
import { reportStartFailure } from '../common/run-subgraph';
import { startGatewayServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig('gateway');
  const log = createLogger(config.logLevel, { service: 'gateway' });
  let supergraphSdl: string;
  try {
    supergraphSdl = await readFile(config.supergraphPath, 'utf8');
  } catch {
    throw new Error(`SUPERGRAPH_PATH: cannot read ${config.supergraphPath} (run npm run schema:emit to compose it)`);
  }
  const running = await startGatewayServer({ supergraphSdl, subgraphUrls: config.subgraphUrls, host: config.host, port: config.port, log });
  log.info({ url: running.url, ide: running.url.replace(/graphql$/, '') }, 'gateway ready');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info({ signal }, 'stopping: finishing in-flight requests');
    running.close().then(
      () => log.info({}, 'stopped'),
      (err: unknown) => log.error({ err }, 'error while stopping'),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  reportStartFailure('gateway', err);
  process.exit(1);
});
