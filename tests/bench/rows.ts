/**
 * The bench's results: rows of (metric, value, target, note), printed as a table in the order
 * recorded and written to bench-results.json (rows marked info-only are printed, not written).
 */
export type Target = { op: "=" | "<="; value: number } | undefined;
export type Recorder = (key: string, value: number, target?: Target, note?: string) => void;

export interface Row {
  key: string;
  value: number;
  target: Target;
  note?: string;
  /** Shown in the table only, not written to bench-results.json. */
  infoOnly?: boolean;
  /** A heading printed above this row. */
  section?: string;
}

export const eq = (value: number): Target => ({ op: "=", value });
export const le = (value: number): Target => ({ op: "<=", value });

export class Rows {
  readonly rows: Row[] = [];
  private section?: string;

  /** Rows recorded from now on are printed under `title`. */
  startSection(title: string): void {
    this.section = title;
  }

  readonly record: Recorder = (key, value, target, note) => {
    this.rows.push({ key, value, target, ...(note ? { note } : {}), ...this.takeSection() });
  };

  info(label: string, value: number, note?: string): void {
    this.rows.push({ key: `(${label})`, value, target: undefined, infoOnly: true, ...(note ? { note } : {}), ...this.takeSection() });
  }

  results(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.rows) if (!r.infoOnly) out[r.key] = r.value;
    return out;
  }

  misses(): Row[] {
    return this.rows.filter((r) => ok(r) === "MISS");
  }

  print(write: (line: string) => void): void {
    const header = ["metric", "value", "target", "ok?", "note"];
    const body = this.rows.map((r) => [r.key, String(r.value), formatTarget(r.target), ok(r), r.note ?? ""]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd();
    write(line(header));
    write(widths.map((w) => "-".repeat(w)).join("  "));
    this.rows.forEach((r, i) => {
      if (r.section) write(`\n== ${r.section}`);
      write(line(body[i]));
    });
  }

  private takeSection(): { section?: string } {
    const section = this.section;
    this.section = undefined;
    return section ? { section } : {};
  }
}

function formatTarget(t: Target): string {
  return t ? `${t.op === "=" ? "" : "≤ "}${t.value}` : "—";
}

function ok(row: Row): string {
  if (!row.target) return "";
  return (row.target.op === "=" ? row.value === row.target.value : row.value <= row.target.value) ? "ok" : "MISS";
}
