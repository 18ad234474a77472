import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';

/**
 * Headers about one connection, not the message (RFC 9110, 7.6.1): a proxy does not pass them
 * on. A replica's `Keep-Alive: timeout=65` passed to the client made it keep a connection the
 * proxy closes after 5 s, and a request sent as it closed failed with "other side closed".
 */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase());
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name) && !named.includes(name)));
}

/**
 * A Service in miniature: each request goes to the next upstream in turn; an upstream that
 * refuses the connection is skipped, as kube-proxy stops routing to a dead pod.
 */
export class RoundRobinProxy {
  private server?: Server;
  private next = 0;
  /** Which upstream answered each request, by index. */
  readonly answeredBy: number[] = [];

  constructor(private readonly upstreams: string[]) {}

  async start(): Promise<string> {
    this.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        this.forward(incoming.method!, incoming.url!, incoming.headers, Buffer.concat(chunks), outgoing, this.upstreams.length),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private forward(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
    outgoing: import('node:http').ServerResponse,
    tries: number,
  ): void {
    const index = this.next++ % this.upstreams.length;
    const target = new URL(path, this.upstreams[index]);
    const upstream = request(target, { method, headers: { ...endToEnd(headers), host: target.host } }, (answer) => {
      this.answeredBy.push(index);
      outgoing.writeHead(answer.statusCode!, endToEnd(answer.headers));
      // Streams (event streams, followed logs) pass through as they come, headers first.
      outgoing.flushHeaders();
      answer.pipe(outgoing);
      answer.on('error', () => outgoing.destroy());
    });
    // A client that goes away before its answer ended (an event stream closed) closes its
    // upstream request too; an answer that ended has handed its socket back to the pool.
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) upstream.destroy();
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (outgoing.destroyed || outgoing.writableEnded) return;
      if (error.code === 'ECONNREFUSED' && tries > 1) return this.forward(method, path, headers, body, outgoing, tries - 1);
      if (outgoing.headersSent) outgoing.destroy();
      else outgoing.writeHead(502).end(error.message);
    });
    upstream.end(body);
  }
}
