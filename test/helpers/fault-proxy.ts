import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does with a request: forward it, hold it without answering, or cut the connection. */
export type FaultMode = 'pass' | 'hang' | 'reset';

/**
 * An HTTP proxy in front of one subgraph that a test breaks on purpose: it forwards requests
 * (`pass`), holds them forever (`hang`, the subgraph that hangs), cuts the connection when a
 * request arrives (`reset`), or is killed outright (`kill()`: every open connection destroyed and
 * the port closed, so that connections are refused) and brought back on the same port (`revive()`).
 */
export class FaultProxy {
  mode: FaultMode = 'pass';
  /** Requests received, by the first word of their GraphQL operation (`query`, `mutation`). */
  readonly received = { query: 0, mutation: 0 };
  private readonly sockets = new Set<Socket>();
  private readonly held = new Map<ServerResponse, { req: IncomingMessage; body: Buffer }>();
  private server: Server;
  private port = 0;

  private constructor(private readonly target: URL) {
    this.server = this.create();
  }

  /** Starts a proxy to `targetUrl` (a subgraph's /graphql URL) on a free port. */
  static async start(targetUrl: string): Promise<FaultProxy> {
    const p = new FaultProxy(new URL(targetUrl));
    await p.listen(0);
    return p;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  /** Requests being held now (mode `hang`). */
  get holding(): number {
    return this.held.size;
  }

  /** Ends the hang: held requests are forwarded late (`forward`) or their connections cut. */
  releaseHeld(forward = false): void {
    for (const [res, { req, body }] of this.held) {
      if (forward) {
        this.forward(req, res, body);
      } else {
        res.destroy();
      }
    }
    this.held.clear();
  }

  /** The subgraph dies: open connections are destroyed and the port refuses new ones. */
  async kill(): Promise<void> {
    this.held.clear();
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      for (const s of this.sockets) {
        s.destroy();
      }
    });
  }

  /** The subgraph comes back on the same port. */
  async revive(): Promise<void> {
    this.server = this.create();
    await this.listen(this.port);
  }

  /** Back to forwarding, on the same port, whatever state a test left it in. */
  async reset(): Promise<void> {
    this.releaseHeld();
    this.mode = 'pass';
    this.received.query = 0;
    this.received.mutation = 0;
    if (!this.server.listening) {
      await this.revive();
    }
  }

  async close(): Promise<void> {
    if (this.server.listening) {
      await this.kill();
    }
  }

  private create(): Server {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', s => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const query = String((JSON.parse(body.toString('utf8') || '{}') as { query?: unknown }).query ?? '');
      this.received[/^\s*mutation\b/.test(query) ? 'mutation' : 'query'] += 1;
      if (this.mode === 'hang') {
        this.held.set(res, { req, body });
        return;
      }
      if (this.mode === 'reset') {
        req.socket.destroy();
        return;
      }
      this.forward(req, res, body);
    });
  }

  private forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    {
      const upstream = httpRequest(
        { host: this.target.hostname, port: this.target.port, path: this.target.pathname, method: req.method, headers: req.headers },
        up => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    }
  }
}
