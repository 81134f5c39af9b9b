import { type EventPosition, type EventRow, isAfter, positionOf } from './event-reading.ts';

/**
 * How long, and past how many events, a cursor moved past events a subscriber does not handle may
 * stay unwritten. The write backpressure counts a subscriber's unwritten events as its backlog
 * (ANLAUF_BACKPRESSURE_EVENTS, 2,000 by default), so they stay well below that.
 */
const UNSAVED_MS = 1000;
const UNSAVED_EVENTS = 500;

/**
 * The dispatcher's cursors moved past events a subscriber does not handle, not yet written.
 * Writing each such move cost a statement per subscriber and batch (at one ticket at a time on
 * PostgreSQL, eleven of a ticket's 65 statements were cursor moves, most of them past events
 * nobody there handles). The dispatcher writes one with the subscriber's next transaction, before
 * its lease is given back or renewed, in drain(), and once it is `due`, so the backlog that admins
 * and the write backpressure read stays small. Lost in a crash, they cost only reading those
 * events again and passing them once more.
 */
export class UnsavedCursors {
  private readonly positions = new Map<string, { row: EventRow; since: number; events: number }>();

  /** The subscriber's cursor passes `events` events up to `row` without a write. */
  pass(name: string, row: EventRow, events: number): void {
    const unsaved = this.positions.get(name);
    this.positions.set(name, { row, since: unsaved?.since ?? Date.now(), events: (unsaved?.events ?? 0) + events });
  }

  /** A cursor written at `position` covers what was passed before it. */
  written(name: string, position: EventPosition): void {
    const unsaved = this.positions.get(name);
    if (unsaved && !isAfter(positionOf(unsaved.row), position)) this.positions.delete(name);
  }

  /** Whether the passed position has waited long enough, or over enough events, to be written now. */
  due(name: string): boolean {
    const unsaved = this.positions.get(name);
    return unsaved !== undefined && (Date.now() - unsaved.since > UNSAVED_MS || unsaved.events >= UNSAVED_EVENTS);
  }

  /** The passed position to write, forgotten here (undefined when there is none). */
  take(name: string): EventRow | undefined {
    const unsaved = this.positions.get(name);
    this.positions.delete(name);
    return unsaved?.row;
  }
}
