// The floor's own process (see floor.mjs): answers every request with the bytes of the file
// named by its argument, and prints its port once it listens.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, contentType] = process.argv.slice(2);
const body = readFileSync(file);
const server = createServer((_, res) => res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length }).end(body));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
