import net from 'node:net';

/**
 * Preloaded (`node -r dist/bench/gateway/loopback-guard.js …`) into every gateway process the
 * gateway benchmark starts: refuses any TCP connection to an address other than loopback, and
 * says so on stderr with the marker `[loopback-guard]` (the benchmark scans for it and reports
 * it). The rule of the machines: no process may contact anything but loopback.
 */

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

interface Target {
  host: string;
  port: string;
}

function targetOf(args: unknown[]): Target | null {
  // net.connect() passes one normalized array [options, callback]; direct calls pass
  // (options[, cb]), (port[, host][, cb]) or (path[, cb]).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === 'object') {
    const o = first as { path?: string; host?: string; port?: number | string };
    if (o.path) {
      return null;
    }
    return { host: o.host ?? 'localhost', port: String(o.port ?? '?') };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: String(first) };
  }
  return null; // a Unix socket path
}

export let refused = 0;
const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const target = targetOf(args);
  if (target && !LOOPBACK.test(target.host)) {
    refused++;
    process.stderr.write(`[loopback-guard] refused a connection to ${target.host}:${target.port} (pid ${process.pid})\n`);
    process.nextTick(() => this.destroy(new Error(`loopback guard: connection to ${target.host}:${target.port} refused`)));
    return this;
  }
  return (original as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
