/**
 * Records keyed by id in stable insertion order, handed out as copies; every change calls
 * `onChange` (the store persists its state file there).
 */

const clone = <T>(v: T): T => structuredClone(v);

/**
 * Copies of one page of the records that pass `filter`, in iteration order, and whether more
 * follow. Only the page is copied: listing a large store stays cheap per page.
 */
export function pageOf<T>(
  records: Iterable<T>,
  filter: (record: T) => boolean,
  offset: number,
  limit: number,
): { items: T[]; more: boolean } {
  const items: T[] = [];
  let seen = 0;
  for (const r of records) {
    if (!filter(r)) continue;
    if (seen++ < offset) continue;
    if (items.length === limit) return { items, more: true };
    items.push(clone(r));
  }
  return { items, more: false };
}

export class Collection<T extends { id: string }> {
  private readonly byId = new Map<string, T>();

  constructor(private readonly onChange: () => void) {}

  /** Copies, in insertion order. */
  list(): T[] {
    return [...this.byId.values()].map(clone);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    const r = this.byId.get(id);
    return r && clone(r);
  }

  /** The first record that passes `test` (a copy). */
  find(test: (record: T) => boolean): T | undefined {
    for (const r of this.byId.values()) if (test(r)) return clone(r);
    return undefined;
  }

  /** Copies of one page of the records that pass `filter` (see pageOf). */
  page(filter: (record: T) => boolean, offset: number, limit: number): { items: T[]; more: boolean } {
    return pageOf(this.byId.values(), filter, offset, limit);
  }

  /** Adds a record, or replaces the one with its id in place. */
  put(record: T): T {
    this.byId.set(record.id, clone(record));
    this.onChange();
    return clone(record);
  }

  /** Given fields replace, omitted (undefined) ones stay. */
  update(id: string, patch: Partial<T>): T | undefined {
    const r = this.byId.get(id);
    if (!r) return undefined;
    let changed = false;
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      (r as Record<string, unknown>)[key] = clone(value);
      changed = true;
    }
    if (changed) this.onChange();
    return clone(r);
  }

  delete(id: string): boolean {
    const ok = this.byId.delete(id);
    if (ok) this.onChange();
    return ok;
  }

  /** Fills the collection from a state file, without calling onChange. */
  load(records: readonly T[]): void {
    for (const r of records) this.byId.set(r.id, r);
  }

  /** The records themselves, for writing the state file. */
  snapshot(): T[] {
    return [...this.byId.values()];
  }
}
