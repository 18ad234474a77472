import type { JobEvent } from '@job-scheduler/client';
import { useEffect, useRef } from 'preact/hooks';
import { api } from './api.js';

type Listener = (event: JobEvent | 'reset') => void;

const listeners = new Set<Listener>();
let stream: AbortController | undefined;
let closing: ReturnType<typeof setTimeout> | undefined;

/**
 * One event stream for the whole console, open while any view listens: a view that follows
 * another keeps it, since the stream closes only a moment after the last listener went.
 */
export function useEvents(listener: Listener): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const forward: Listener = (event) => latest.current(event);
    listeners.add(forward);
    clearTimeout(closing);
    if (!stream) {
      stream = new AbortController();
      void api.followEvents((event) => listeners.forEach((l) => l(event)), { signal: stream.signal, onReset: () => listeners.forEach((l) => l('reset')) }).catch(() => undefined);
    }
    return () => {
      listeners.delete(forward);
      if (listeners.size > 0) return;
      closing = setTimeout(() => {
        stream?.abort();
        stream = undefined;
      }, 1000);
    };
  }, []);
}

/** Calls `fn` at most once per `ms`, at the end of a burst. */
export function debounce(fn: () => void, ms = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
