import type { JobEvent, ScheduleEvent } from '@job-scheduler/client';
import { useEffect, useRef } from 'preact/hooks';
import { api } from './api.js';

type Listener = (event: JobEvent | 'reset') => void;
type ScheduleListener = (event: ScheduleEvent) => void;

const listeners = new Set<Listener>();
const scheduleListeners = new Set<ScheduleListener>();
const tellAll: Listener = (event) => listeners.forEach((listener) => listener(event));
const tellSchedules: ScheduleListener = (event) => scheduleListeners.forEach((listener) => listener(event));
let stream: AbortController | undefined;
let closing: ReturnType<typeof setTimeout> | undefined;
/** The last stream ended in a refusal: its listeners may have missed events since. */
let broken = false;
const RETRY_MS = 5000;

function open(): void {
  const controller = new AbortController();
  stream = controller;
  if (broken) tellAll('reset');
  broken = false;
  api.followEvents(tellAll, { signal: controller.signal, onReset: () => tellAll('reset'), onSchedule: tellSchedules }).catch(() => {
    // followEvents gives up only when the scheduler refuses the stream (a 4xx, such as a token
    // gone bad); forget it, or no view could ever open another. Views that still listen (the
    // refusal came after they had the stream) get one again a little later.
    if (stream !== controller) return;
    stream = undefined;
    broken = true;
    setTimeout(() => listeners.size > 0 && !stream && open(), RETRY_MS);
  });
}

/**
 * One event stream for the whole console, open while any view listens: a view that follows
 * another keeps it, since the stream closes only a moment after the last listener went. A
 * stream the scheduler refused is opened again by the next view that listens. `onSchedule`
 * is told of the firings of schedules that started no job.
 */
export function useEvents(listener: Listener, onSchedule?: ScheduleListener): void {
  const latest = useRef({ listener, onSchedule });
  latest.current = { listener, onSchedule };
  useEffect(() => {
    const forward: Listener = (event) => latest.current.listener(event);
    const forwardSchedule: ScheduleListener = (event) => latest.current.onSchedule?.(event);
    listeners.add(forward);
    scheduleListeners.add(forwardSchedule);
    clearTimeout(closing);
    if (!stream) open();
    return () => {
      listeners.delete(forward);
      scheduleListeners.delete(forwardSchedule);
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
