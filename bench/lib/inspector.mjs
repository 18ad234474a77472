import WebSocket from 'ws';

/** The node flag that lets collectGarbage reach a scheduler: its inspector, on loopback, on a free port. */
export const INSPECT = '--inspect=127.0.0.1:0';

/**
 * Makes a scheduler started with INSPECT collect all its garbage now (the DevTools protocol's
 * HeapProfiler.collectGarbage), so that its resident memory shows what it holds rather than how
 * much garbage the last burst of requests left before V8 got round to giving it back.
 * Resolves to the bytes V8's heap then holds (Runtime.getHeapUsage): the JavaScript objects
 * alone, without what the C allocator keeps.
 */
export async function collectGarbage(scheduler) {
  const url = scheduler.stderr().match(/Debugger listening on (ws:\/\/\S+)/)?.[1];
  if (!url) throw new Error('the scheduler was not started with its inspector (INSPECT)');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    await call(socket, 1, 'HeapProfiler.collectGarbage');
    return (await call(socket, 2, 'Runtime.getHeapUsage')).usedSize;
  } finally {
    socket.close();
  }
}

function call(socket, id, method) {
  return new Promise((resolve, reject) => {
    const answer = (data) => {
      const reply = JSON.parse(String(data));
      if (reply.id !== id) return;
      socket.off('message', answer);
      if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
      else resolve(reply.result);
    };
    socket.on('message', answer);
    socket.send(JSON.stringify({ id, method }));
  });
}
