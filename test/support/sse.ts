export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** A Server-Sent Events client on fetch: collects frames until closed. */
export class SseClient {
  readonly events: SseEvent[] = [];
  private readonly abort = new AbortController();
  private done?: Promise<void>;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: client.abort.signal });
    if (response.status !== 200) throw new Error(`event stream answered ${response.status}: ${await response.text()}`);
    client.done = client.read(response.body!);
    return client;
  }

  /** The parsed `data:` of the plain (unnamed) events so far. */
  get data(): any[] {
    return this.events.filter((event) => !event.event).map((event) => JSON.parse(event.data));
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done?.catch(() => undefined);
  }

  /** Resolves when the server ends the stream. */
  ended(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { data: '' };
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) continue;
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
          else if (field === 'data') event.data += value;
        }
        if (event.data || event.event) this.events.push(event);
      }
    }
  }
}
