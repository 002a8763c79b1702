/**
 * CPU seconds spent by the processes of a bench phase, read from Linux's /proc: this process
 * (the inline program and the Automation API), the emulator (a process of its own), and the
 * processes the `pulumi` CLI runs for one stack: the CLI itself, the SDK's provider host, and a
 * policy pack's (the Node.js language host and the pack's process it starts).
 * Those two end with the command, so they are sampled while it runs (every 100 ms; what a
 * process spends in its last 100 ms may be missed) and recognized by their command line and
 * the stack's PULUMI_HOME in their environment. Where /proc cannot be read (not Linux), every
 * figure is 0.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux, for every architecture). */
const TICKS_PER_S = 100;
const SAMPLE_MS = 100;

export interface PhaseCpu {
  /** This process: the inline program, the Automation API. */
  program: number;
  /** The `pulumi` CLI (the engine, the file backend). */
  cli: number;
  /** The SDK's dynamic-provider host(s) the CLI started. */
  host: number;
  /** Policy packs (`--policy-pack`): the language host that starts one, and the pack's process. */
  pack: number;
  emulator: number;
}

type Role = "cli" | "host" | "pack";

/** The role of a process of the stack from its command line, if it has one. */
function roleOfCommand(cmdline: string[], cli: string): Role | undefined {
  if (cmdline[0] === cli) return "cli";
  if (cmdline.some((a) => a.includes(path.join("cmd", "dynamic-provider")))) return "host";
  if (cmdline.some((a) => a.includes(path.join("cmd", "run-policy-pack")) || path.basename(a) === "pulumi-language-nodejs")) return "pack";
  return undefined;
}

/** utime + stime of /proc/<pid>/stat, in seconds; undefined when it cannot be read. */
function cpuOf(pid: number | "self"): number | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** The role of a process of the stack whose PULUMI_HOME is `home`, else undefined. */
function roleOf(pid: string, home: string, cli: string): Role | undefined {
  try {
    const role = roleOfCommand(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"), cli);
    if (!role) return undefined;
    return fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`PULUMI_HOME=${home}`) ? role : undefined;
  } catch {
    return undefined;
  }
}

/** Starts measuring; `stop()` returns the CPU seconds spent since. */
export function measureCpu(options: { emulatorPid: number; pulumiHome: string; cli: string }): { stop(): PhaseCpu } {
  const program0 = cpuOf("self") ?? 0;
  const emulator0 = cpuOf(options.emulatorPid) ?? 0;
  const last = new Map<number, { role: Role; cpu: number }>();
  // A pid's role once known; one not (yet) recognized is looked at again for its first samples
  // only (a launcher script becomes the host by exec right away): reading every process's
  // command line and environment every time would itself cost CPU, in this process.
  const roles = new Map<string, Role>();
  const misses = new Map<string, number>();
  const sample = () => {
    let entries: string[];
    try {
      entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
    } catch {
      return;
    }
    for (const pid of entries) {
      let role = roles.get(pid);
      if (!role) {
        const missed = misses.get(pid) ?? 0;
        if (missed >= 5) continue;
        role = roleOf(pid, options.pulumiHome, options.cli);
        if (!role) {
          misses.set(pid, missed + 1);
          continue;
        }
        roles.set(pid, role);
      }
      const cpu = cpuOf(Number(pid));
      if (cpu !== undefined) last.set(Number(pid), { role, cpu });
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      sample();
      clearInterval(timer);
      const sum = (role: Role) => [...last.values()].filter((v) => v.role === role).reduce((a, v) => a + v.cpu, 0);
      return {
        program: (cpuOf("self") ?? 0) - program0,
        cli: sum("cli"),
        host: sum("host"),
        pack: sum("pack"),
        emulator: (cpuOf(options.emulatorPid) ?? 0) - emulator0,
      };
    },
  };
}
