import { createServer } from 'node:http';

/**
 * The floor: a bare node:http server that answers every request with the same bytes, as
 * fast as Node can send them. No scheduler can list faster than this.
 */
export async function startFloor(body, contentType = 'application/json; charset=utf-8') {
  const server = createServer((_, res) => res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length }).end(body));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}
