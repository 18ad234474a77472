import { Injectable } from '@nestjs/common';
import { toJobStatus } from './dto/job-status.dto.js';
import type { JobRecord } from './job.model.js';

/** The whole list as last sent: its records, its bytes, and where each record's JSON starts. */
interface Made {
  items: readonly JobRecord[];
  bytes: Buffer;
  /** starts[i] is where items[i]'s JSON begins; it ends one byte before starts[i + 1] (a comma or `]`). */
  starts: Uint32Array;
}

const OPEN = 0x5b; // [
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

/**
 * The JSON array of a list of jobs (JobStatus), as bytes. Each job's JSON is held once: inside
 * the bytes of the whole list as last sent. The same records again (a poller, nothing changed)
 * get those bytes; a list in which some records changed copies the JSON of the others out of
 * them and serializes only the new ones. Records never change once made (a change makes a new
 * record), so a record's JSON is its bytes for as long as the record is listed.
 *
 * One per scheduler (a provider), shared by the list route and its fast path.
 */
@Injectable()
export class JobListJson {
  private whole?: Made;

  /** The whole list (every job, newest first); kept, and answered again while the records are the same. */
  all(items: readonly JobRecord[]): Buffer {
    if (this.whole?.items !== items) this.whole = this.make(items);
    return this.whole.bytes;
  }

  /** A filtered or paged part of the list: made out of the whole list's bytes, and not kept. */
  part(items: readonly JobRecord[]): Buffer {
    return this.whole?.items === items ? this.whole.bytes : this.make(items).bytes;
  }

  private make(items: readonly JobRecord[]): Made {
    const whole = this.whole;
    const known = new Map(whole?.items.map((item, i) => [item, i]));
    // First the length of each record's JSON (copied or new), then one buffer, written once.
    const fresh: (Buffer | undefined)[] = [];
    const lengths = new Uint32Array(items.length);
    /** Where a record's JSON starts in the last list's bytes, for records copied from it. */
    const from = new Uint32Array(items.length);
    let size = 2 + Math.max(0, items.length - 1);
    items.forEach((item, i) => {
      const at = known.get(item);
      if (whole && at !== undefined) {
        from[i] = whole.starts[at];
        lengths[i] = whole.starts[at + 1] - 1 - from[i];
      } else lengths[i] = (fresh[i] = Buffer.from(JSON.stringify(toJobStatus(item)))).length;
      size += lengths[i];
    });
    const bytes = Buffer.allocUnsafe(size);
    const starts = new Uint32Array(items.length + 1);
    let offset = 0;
    bytes[offset++] = OPEN;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) bytes[offset++] = COMMA;
      starts[i] = offset;
      (fresh[i] ?? whole!.bytes).copy(bytes, offset, fresh[i] ? 0 : from[i], fresh[i] ? lengths[i] : from[i] + lengths[i]);
      offset += lengths[i];
    }
    starts[items.length] = offset + 1;
    bytes[offset] = CLOSE;
    return { items, bytes, starts };
  }
}
