import { performance } from 'node:perf_hooks';

/**
 * Follows a scheduler's GET /api/v1/events and notes when each job's first event of each kind
 * arrived here (epoch milliseconds, sub-millisecond): `arrivals.get('finished')?.get(name)`.
 */
export async function followEvents(url) {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/v1/events`, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
  if (response.status !== 200) throw new Error(`GET /api/v1/events answered ${response.status}`);
  const arrivals = new Map();
  const note = (data) => {
    const { event, job } = JSON.parse(data);
    const byName = arrivals.get(event) ?? new Map();
    arrivals.set(event, byName);
    if (job?.name && !byName.has(job.name)) byName.set(job.name, performance.timeOrigin + performance.now());
  };
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        // Plain frames only: named ones (the stream's own notices) carry no job.
        if (frame.some((line) => line.startsWith('event:'))) continue;
        const data = frame.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).replace(/^ /, ''));
        if (data.length) note(data.join(''));
      }
    }
  })().catch(() => undefined);
  return {
    arrivals,
    async close() {
      abort.abort();
      await reading;
    },
  };
}
