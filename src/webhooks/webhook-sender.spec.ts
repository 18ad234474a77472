import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { signature, WebhookSender } from './webhook-sender.js';

/** A real receiver on loopback: /ok takes the event, /moved redirects to /ok, /slow never answers. */
describe('WebhookSender', () => {
  const hits: { path: string; headers: Record<string, unknown>; body: string }[] = [];
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request
        .on('data', (chunk) => (body += chunk))
        .on('end', () => {
          hits.push({ path: request.url!, headers: request.headers, body });
          if (request.url === '/moved') response.writeHead(307, { Location: '/ok' }).end();
          else if (request.url === '/ok') response.writeHead(204).end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const sender = (path: string, timeoutMs = 5000) => {
    const base0 = aSchedulerConfig();
    return new WebhookSender(
      aSchedulerConfig({
        ...base0,
        job: { ...base0.job, webhook: base + path },
        webhooks: { ...base0.webhooks, secret: 's3cret', timeoutMs },
      }),
    );
  };

  it('POSTs the body with its event id and signature', async () => {
    await expect(sender('/ok').send(42, '{"event":"Create"}')).resolves.toEqual({ ok: true });
    const hit = hits.find((h) => h.path === '/ok')!;
    expect([hit.body, hit.headers['x-job-scheduler-event-id'], hit.headers['x-job-scheduler-signature']]).toEqual([
      '{"event":"Create"}',
      '42',
      signature('s3cret', '{"event":"Create"}'),
    ]);
  });

  it('does not follow a redirect: it is a failure, and the other address hears nothing', async () => {
    hits.length = 0;
    await expect(sender('/moved').send(43, '{}')).resolves.toEqual({ ok: false, why: 'answered 307' });
    expect(hits.map((h) => h.path)).toEqual(['/moved']);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    await expect(sender('/slow', 100).send(44, '{}')).resolves.toEqual({ ok: false, why: 'no answer within 100 ms' });
  });
});
