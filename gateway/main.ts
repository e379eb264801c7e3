import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../common/config';
import { createLogger } from '../common/logger';
import { reportStartFailure } from '../common/run-subgraph';
import { closeOnSignals } from '../common/shutdown';
import { securityFromConfig } from './auth/security';
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
  const running = await startGatewayServer({ supergraphSdl, subgraphUrls: config.subgraphUrls, host: config.host, port: config.port, log, resilience: config.resilience, security: securityFromConfig(config.auth, config.limits, config.dataDir) });
  log.info({ url: running.url, ide: running.url.replace(/graphql$/, '') }, 'gateway ready');
  closeOnSignals(log, () => running.close());
}

main().catch((err: unknown) => {
  reportStartFailure('gateway', err);
  process.exit(1);
});
