import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** A real HTTP receiver for webhooks: records what it is sent, and can be told to fail or to be away. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Answer 500 to this many requests first. */
  failNext = 0;
  private server?: Server;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (this.failNext > 0) {
          this.failNext--;
          response.writeHead(500).end('not now');
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({ headers: request.headers, body, json: JSON.parse(body) });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/jobs`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
    this.server?.closeAllConnections();
  }

  /** The events received for one job, de-duplicated by event id, in the order they came. */
  eventsOf(jobName: string): { id: string; event: string; status: string }[] {
    const seen = new Set<string>();
    return this.received
      .filter((r) => r.json.jobStatuses?.some((job: { name: string }) => job.name === jobName))
      .filter((r) => {
        const id = String(r.headers['x-job-scheduler-event-id']);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      })
      .map((r) => ({ id: String(r.headers['x-job-scheduler-event-id']), event: r.json.event, status: r.json.jobStatuses[0].status }));
  }
}
