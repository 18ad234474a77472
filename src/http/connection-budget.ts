import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerLimits } from '../config/server-limits.config.js';

/** Connections past the budget that may still ask for a probe: a full API never fails its probes. */
export const PROBE_RESERVE = 16;

/** A new connection gets this long to send its request before a newer one may push it out. */
const GRACE_MS = 1000;

interface Tracked {
  /** Requests of this connection not yet answered (or whose client has not gone). */
  busy: number;
  /** Since when it has had no request in flight. */
  idleSince: number;
  /** Past the budget: only probes are answered on it, then it is closed. */
  onReserve: boolean;
  /** Unsent bytes seen at the last look, and since when none have gone out. */
  stalled?: { bytes: number; since: number };
}

const TRACKED = Symbol('connection-budget');

/** Whether the connection of a request came in past the budget, on the probes' reserve. */
export function onProbeReserve(socket: Socket): boolean {
  return (socket as Socket & { [TRACKED]?: Tracked })[TRACKED]?.onReserve ?? false;
}

/**
 * What each connection of one port may hold. Every file descriptor a client can open is one
 * the process may run out of, and every port (probes included) stops answering when it does:
 * - at most `maxConnections` connections; one more first closes the connection idle longest
 *   (no request in flight for a second or more), and when there is none it gets one of
 *   PROBE_RESERVE places, where only the probes are answered; past those it is closed at once;
 * - a connection that sends no request within the keep-alive timeout is closed, as Node
 *   closes one idle after an answer (Node itself waits for the first byte for ever);
 * - an answer that has bytes waiting for the client, and none of them taken for
 *   `sendTimeoutMs`, has its connection closed: a client that does not read holds at most
 *   the socket's buffer, and not for ever.
 */
export function applyConnectionBudget(server: Server, limits: ServerLimits): void {
  const open = new Map<Socket, Tracked>();
  server.on('connection', (socket: Socket) => {
    const tracked: Tracked = { busy: 0, idleSince: Date.now(), onReserve: false };
    if (open.size >= limits.maxConnections && !closeIdlest(open)) {
      if (open.size >= limits.maxConnections + PROBE_RESERVE) return void socket.destroy();
      tracked.onReserve = true;
    }
    open.set(socket, tracked);
    (socket as Socket & { [TRACKED]?: Tracked })[TRACKED] = tracked;
    socket.setTimeout(tracked.onReserve ? Math.min(5000, limits.keepAliveTimeoutMs) : limits.keepAliveTimeoutMs);
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (request: { socket: Socket }, response: { once(event: 'close', listener: () => void): unknown }) => {
    const tracked = open.get(request.socket);
    if (!tracked) return;
    // Node's own timer for an idle connection takes over after each answer; until then, none runs.
    if (tracked.busy++ === 0) request.socket.setTimeout(0);
    response.once('close', () => --tracked.busy === 0 && (tracked.idleSince = Date.now()));
  });
  const stallCheck = setInterval(() => closeStalled(open, limits.sendTimeoutMs), Math.max(100, limits.sendTimeoutMs / 4)).unref();
  server.once('close', () => clearInterval(stallCheck));
}

/**
 * Closes the connection that has been without a request in flight the longest, if for longer
 * than GRACE_MS (a client that has just connected is sending its request); false when none is.
 */
function closeIdlest(open: Map<Socket, Tracked>): boolean {
  const cutoff = Date.now() - GRACE_MS;
  let idlest: [Socket, Tracked] | undefined;
  for (const entry of open) {
    const [, tracked] = entry;
    if (tracked.busy === 0 && !tracked.onReserve && tracked.idleSince <= cutoff && tracked.idleSince < (idlest?.[1].idleSince ?? Infinity))
      idlest = entry;
  }
  if (!idlest) return false;
  open.delete(idlest[0]);
  idlest[0].destroy();
  return true;
}

function closeStalled(open: Map<Socket, Tracked>, sendTimeoutMs: number): void {
  const now = Date.now();
  for (const [socket, tracked] of open) {
    const bytes = socket.writableLength;
    if (bytes === 0 || (tracked.stalled && bytes < tracked.stalled.bytes)) tracked.stalled = undefined;
    if (bytes === 0) continue;
    tracked.stalled ??= { bytes, since: now };
    tracked.stalled.bytes = Math.min(tracked.stalled.bytes, bytes);
    if (now - tracked.stalled.since >= sendTimeoutMs) socket.destroy();
  }
}
