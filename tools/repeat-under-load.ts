/**
 * Runs a command again and again while busy loops keep the CPU cores loaded, and stops at the
 * first failure: a flakiness check for what must not depend on timing (e.g. `npm start`'s engine
 * test), never a timed test of the suite.
 *
 *   npx tsx tools/repeat-under-load.ts [--times 20] [--busy 2] -- npx mocha tests/engine/start.test.ts
 *
 * Prints one line per run (its exit code and duration) and, at the end, how many runs passed in
 * a row; exits 1 at the first failing run, after printing its output. The busy loops are child
 * processes of this one, ended (by their pid) however it ends.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";

function usage(message: string): never {
  console.error(`${message}\nUsage: npx tsx tools/repeat-under-load.ts [--times N] [--busy N] -- <command> [args...]`);
  process.exit(2);
}

function parse(argv: string[]): { times: number; busy: number; command: string[] } {
  const split = argv.indexOf("--");
  if (split < 0 || split === argv.length - 1) usage("No command given after --.");
  const options = { times: 20, busy: 2 };
  const flags = argv.slice(0, split);
  for (let i = 0; i < flags.length; i += 2) {
    const key = flags[i].replace(/^--/, "");
    const value = Number(flags[i + 1]);
    if (!(key in options) || !Number.isInteger(value) || value < 0) usage(`Bad option ${flags[i]} ${flags[i + 1] ?? ""}`.trim());
    options[key as keyof typeof options] = value;
  }
  return { ...options, command: argv.slice(split + 1) };
}

function main(): number {
  const { times, busy, command } = parse(process.argv.slice(2));
  const loops: ChildProcess[] = [];
  const stop = () => {
    for (const loop of loops) if (loop.pid !== undefined && loop.exitCode === null) process.kill(loop.pid, "SIGKILL");
  };
  process.on("exit", stop);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));
  for (let i = 0; i < busy; i++) loops.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
  console.log(`${busy} busy loop(s) running (pids ${loops.map((l) => l.pid).join(", ")}); ${times} run(s) of: ${command.join(" ")}`);

  let passed = 0;
  for (let run = 1; run <= times; run++) {
    const started = Date.now();
    const result = spawnSync(command[0], command.slice(1), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`run ${run}/${times}: exit ${result.status ?? result.signal ?? result.error?.message} in ${seconds} s`);
    if (result.status !== 0) {
      console.log(`${result.stdout ?? ""}${result.stderr ?? ""}`);
      console.log(`FAILED at run ${run}, after ${passed} passing run(s) in a row under load.`);
      return 1;
    }
    passed++;
  }
  console.log(`${passed} of ${times} runs passed in a row, with ${busy} busy loop(s) loading the cores.`);
  return 0;
}

process.exit(main());
