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
const [OPEN_PIECE, COMMA_PIECE, CLOSE_PIECE] = [OPEN, COMMA, CLOSE].map((byte) => Buffer.from([byte]));

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

  /**
   * A filtered or paged part of `all` (the whole list), as pieces to send one after the other:
   * views of the whole list's bytes (neighbours there make one piece), made or brought up to
   * date first as all() does; a record not in it (none, when `all` is whole) gets new JSON.
   * Every poll of a filtered list once serialized every job the last whole list lacked, into
   * small buffers, and copied them into one more list-sized buffer.
   */
  part(items: readonly JobRecord[], all: readonly JobRecord[]): Buffer[] {
    this.all(all);
    const whole = this.whole;
    if (whole?.items === items) return [whole.bytes];
    const known = new Map(whole?.items.map((item, i) => [item, i]));
    const pieces: Buffer[] = [OPEN_PIECE];
    /** Where in the whole list the run of neighbours being gathered begins and ends. */
    let run: { first: number; last: number } | undefined;
    const endRun = () => {
      if (run) pieces.push(whole!.bytes.subarray(whole!.starts[run.first], whole!.starts[run.last + 1] - 1));
      run = undefined;
    };
    items.forEach((item, i) => {
      const at = known.get(item);
      if (run && at === run.last + 1) {
        run.last = at;
        return;
      }
      endRun();
      if (i > 0) pieces.push(COMMA_PIECE);
      if (at !== undefined) run = { first: at, last: at };
      else pieces.push(Buffer.from(JSON.stringify(toJobStatus(item))));
    });
    endRun();
    pieces.push(CLOSE_PIECE);
    return pieces;
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
