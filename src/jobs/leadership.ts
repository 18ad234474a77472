import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';

/**
 * Who does the work that must run on one replica at a time: retention, the abandoned-create
 * sweep and webhook delivery. Every replica serves reads and writes; only the leader does
 * these. The runtime provides it: on Kubernetes replicas elect one with a Lease; a local
 * scheduler owns its data folder alone and always leads.
 */
export abstract class Leadership {
  /** Whether this process leads now. */
  abstract isLeader(): boolean;

  /** The current state at once, then every change: true when it starts to lead, false when it stops. */
  abstract readonly changes$: Observable<boolean>;
}

/** The one process there is leads, from the start. */
export class SoleLeadership extends Leadership {
  readonly changes$ = new BehaviorSubject(true).pipe(distinctUntilChanged());

  isLeader(): boolean {
    return true;
  }
}
