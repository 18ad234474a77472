import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect, type Socket } from 'node:net';

/** What a process holds in memory now, in MB (VmRSS of /proc/<pid>/status). */
export function residentMb(pid: number): number {
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** The file descriptors a process has open now. */
export function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** CPU seconds a process has used so far, user and system (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * A client that sends one request (or, without `head`, nothing) and then never reads: what
 * the server writes to it piles up in the kernel's buffers and then in the server's.
 */
export function silentClient(url: string, head?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => {
      socket.pause();
      if (head) socket.write(head);
      resolve(socket);
    });
    // The server may cut it off: that is one of the outcomes the tests look at.
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

/** A raw GET of `path`, with more header lines if given. */
export function getHead(path: string, ...headers: string[]): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((line) => `${line}\r\n`).join('')}\r\n`;
}

/**
 * A GET on a connection of its own, closed after the answer, as Kubernetes probes connect: a
 * pooled keep-alive connection may be the idle one a full server closes to make room.
 */
export function freshGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(`${url}${path}`, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
}
