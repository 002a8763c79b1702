/**
 * CPU seconds spent by the processes of a bench phase, read from Linux's /proc: this process
 * (the inline program and the Automation API), its finished children (the `pulumi` CLI, and the
 * provider host and plugins it started and waited for: their time is added to the CLI's when
 * they end) and another process still running (the emulator). Where /proc cannot be read
 * (not Linux), every figure is 0.
 */
import * as fs from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux, for every architecture). */
const TICKS_PER_S = 100;

export interface CpuSnapshot {
  self: number;
  children: number;
  other: number;
}

/** utime, stime, cutime, cstime of /proc/<pid>/stat, in seconds; zeros when it cannot be read. */
function stat(pid: number | "self"): [number, number, number, number] {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // Fields 14-17 of the whole line are fields 12-15 here (0-based: 11-14).
    return [11, 12, 13, 14].map((i) => Number(fields[i]) / TICKS_PER_S) as [number, number, number, number];
  } catch {
    return [0, 0, 0, 0];
  }
}

export function cpuSnapshot(otherPid: number): CpuSnapshot {
  const [utime, stime, cutime, cstime] = stat("self");
  const [ou, os] = stat(otherPid);
  return { self: utime + stime, children: cutime + cstime, other: ou + os };
}

export function cpuSince(before: CpuSnapshot, otherPid: number): CpuSnapshot {
  const now = cpuSnapshot(otherPid);
  return { self: now.self - before.self, children: now.children - before.children, other: now.other - before.other };
}
