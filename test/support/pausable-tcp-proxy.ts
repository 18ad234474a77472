import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to one upstream (kube-apiserver in the tests) that a test can cut, as a network
 * partition between a client and its API server would: `pause()` drops every open connection
 * and refuses new ones until `resume()`. TLS passes through untouched, so the client keeps
 * verifying the server's certificate.
 */
export class PausableTcpProxy {
  private server?: Server;
  private readonly open = new Set<Socket>();
  private paused = false;
  /** Connections refused while paused: proof that the client tried to get through. */
  refused = 0;

  constructor(private readonly upstream: URL) {}

  /** Listens on a free loopback port; the answer is the proxy's address in the upstream's scheme. */
  async start(): Promise<string> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `${this.upstream.protocol}//127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Cuts every connection through the proxy and refuses new ones. */
  pause(): void {
    this.paused = true;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }

  resume(): void {
    this.paused = false;
  }

  async stop(): Promise<void> {
    this.pause();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private accept(client: Socket): void {
    if (this.paused) {
      this.refused++;
      client.destroy();
      return;
    }
    const upstream = connect(Number(this.upstream.port), this.upstream.hostname);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.open.add(socket);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.open.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
