import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

const ANSWERS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'RequestHeaderFieldsTooLarge', 'request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'RequestTimeout', 'the request took too long to arrive'],
};

/**
 * What Node's HTTP parser refuses itself (bad framing, an unknown method, oversized headers, a
 * request that takes too long) is answered with a Status body too, as every error of the API
 * is, rather than Node's empty one. A connection that is gone is only closed.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [code, reason, message] = ANSWERS[error.code ?? ''] ?? [400, 'BadRequest', 'the request is not well-formed HTTP'];
    const body = JSON.stringify({ status: 'Failure', message, reason, code });
    socket.end(
      `HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
