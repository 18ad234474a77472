import { type IncomingHttpHeaders, request } from 'node:http';

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON when it is JSON, else its text. */
  body: any;
}

export interface RawRequest {
  method?: string;
  path: string;
  /** Sent as given, `Host` included: fetch() would not let a test choose it. */
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One HTTP/1.1 request with exactly the headers a browser (or an attacker) would send. */
export function rawRequest(url: string, options: RawRequest): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  const headers = {
    ...options.headers,
    ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        setHost: !('host' in headers || 'Host' in headers),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode!, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
