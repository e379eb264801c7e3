import type { Logger } from './logger';
import { shutdownTracing } from './tracing';

/**
 * On SIGINT or SIGTERM, runs `close` once (stop accepting requests, let in-flight ones finish,
 * close the database), logs the outcome and sends the spans still buffered (when tracing is
 * on). Node would exit as soon as the server is closed and no handle is left, in the middle of
 * closing the database: a timer holds the event loop until `close` is done, then the process
 * ends by itself.
 */
export function closeOnSignals(log: Logger, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info({ signal }, 'stopping: finishing in-flight requests');
    const hold = setInterval(() => undefined, 1000);
    close()
      .then(
        () => log.info({}, 'stopped'),
        (err: unknown) => log.error({ err }, 'error while stopping'),
      )
      // Buffered spans leave before the process ends (nothing to do when tracing is off).
      .then(() => shutdownTracing())
      .finally(() => clearInterval(hold));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
