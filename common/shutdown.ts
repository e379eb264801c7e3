import type { Logger } from './logger';

/**
 * On SIGINT or SIGTERM, runs `close` once (stop accepting requests, let in-flight ones finish,
 * close the database) and logs the outcome. Node would exit as soon as the server is closed and no
 * handle is left, in the middle of closing the database: a timer holds the event loop until
 * `close` is done, then the process ends by itself.
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
      .finally(() => clearInterval(hold));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
