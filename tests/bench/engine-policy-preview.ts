/**
 * What the policy pack (policy/) adds to a preview: the preview of `users` users with no state
 * (the engine section's), without and with `--policy-pack policy` and a config that turns every
 * rule on (none of the users breaks one, so the pack evaluates every rule on every user and
 * reports nothing), side by side in rounds on one stack. The order alternates from round to
 * round (without first, then with first), so that neither always runs on a warmer machine;
 * the ratio is the median of the rounds' ratios. Target: ≤ 1.2 × for 1,000 users (the full run);
 * --quick's 200 users record it as context, since the pack's fixed start (a Node.js process
 * loading @pulumi/pulumi, about 1-2 s) weighs more on a short preview.
 *
 * An inline program, as the engine section's preview: the pack runs in its own process,
 * started by the CLI through the Node.js language host either way, and the smaller the
 * program's own cost, the larger the pack's share.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { REPO_ROOT } from "../../tools/pulumi/engine";
import { EngineStack, tempDir } from "../support/engine";
import { plainCliUnavailable } from "../support/plain-cli";
import type { EmulatorChild } from "./emulator-child";
import { PARALLEL, stackConfig } from "./engine-lifecycle";
import { usersProgram } from "./engine-programs";
import { median, now, round } from "./lib";
import { measureCpu } from "./process-cpu";
import type { Recorder } from "./rows";

const POLICY_PACK = path.join(REPO_ROOT, "policy");

/** Every rule on, and met by the bench's users (`ours-<i>@bench.example.com`, viewer roles). */
const CONFIG = {
  all: "mandatory",
  "vectara-email-domains": { domains: ["example.com"], allowSubdomains: true },
  "vectara-privileged-role-holders": { owners: ["ada@example.com"], administrators: ["ada@example.com"] },
  "vectara-privileged-role-count": { maxOwners: 1, maxAdministrators: 3 },
  "vectara-second-reviewer": { roles: ["owner", "administrator", "corpus:owner"] },
};

export interface PolicyPreviewOptions {
  users: number;
  rounds: number;
  log: (line: string) => void;
}

export async function policyPackPreview(record: Recorder, emulator: EmulatorChild, options: PolicyPreviewOptions): Promise<void> {
  const missing = plainCliUnavailable();
  if (missing) throw new Error(`the policy pack's preview needs the Node.js language host: ${missing}`);
  if (!fs.existsSync(path.join(POLICY_PACK, "dist", "index.js"))) throw new Error("policy/dist is missing: run `npm run build` first");
  const n = options.users;
  const configFile = path.join(tempDir("bench-policy"), "policy-config.json");
  fs.writeFileSync(configFile, JSON.stringify(CONFIG));
  const engine = await EngineStack.open({
    project: "bench-policy",
    program: usersProgram("ours", n, "previewed"),
    ...stackConfig(emulator),
  });
  const cli = (engine.stack.workspace as LocalWorkspace).pulumiCommand.command;
  /** CPU seconds of the pack's processes and of the CLI, per preview with the pack (load-independent, unlike the wall). */
  const packCpu: number[] = [];
  const cliCpu = { without: [] as number[], with: [] as number[] };
  const preview = async (withPack: boolean): Promise<number> => {
    await emulator.clear();
    const cpu = measureCpu({ emulatorPid: emulator.pid, pulumiHome: path.join(engine.workDir, "home"), cli });
    const t0 = now();
    const result = await engine.stack.preview({
      parallel: PARALLEL,
      color: "never",
      diff: false,
      ...(withPack ? { policyPacks: [POLICY_PACK], policyPackConfigs: [configFile] } : {}),
    });
    const wallS = (now() - t0) / 1000;
    const spent = cpu.stop();
    if (withPack) packCpu.push(spent.pack);
    (withPack ? cliCpu.with : cliCpu.without).push(spent.cli);
    const { calls } = await emulator.clear();
    if (calls !== 0) throw new Error(`a preview made ${calls} API calls`);
    // The CLI lists the packs it ran, and passed: proof that the pack ran and found nothing.
    if (withPack && !/✅ vectara-access@v/.test(result.stdout))
      throw new Error(`the pack did not run, or reported:\n${result.stdout.slice(-3000)}`);
    return wallS;
  };
  const without: number[] = [];
  const withPack: number[] = [];
  try {
    for (let i = 0; i < options.rounds; i++) {
      const order = i % 2 === 0 ? [false, true] : [true, false];
      for (const pack of order) (pack ? withPack : without).push(await preview(pack));
      options.log(`engine preview, ${n} users: without the pack ${without[i].toFixed(2)} s, with it ${withPack[i].toFixed(2)} s`);
    }
  } finally {
    engine.remove();
  }
  const ratios = withPack.map((w, i) => w / without[i]);
  const added = withPack.map((w, i) => w - without[i]);
  const runs = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(", ");
  const key = "engine_preview_1000_policy_pack";
  record(`${key}_without_s`, round(median(without), 2), undefined, `${n} new users, no state; runs ${runs(without)} s`);
  record(`${key}_with_s`, round(median(withPack), 2), undefined, `every rule on, none broken; runs ${runs(withPack)} s`);
  const target = n >= 1000 ? ({ op: "<=", value: 1.2 } as const) : undefined;
  record(
    `${key}_ratio`,
    round(median(ratios), 3),
    target,
    `median of ${options.rounds} rounds' ratios: ${runs(ratios)}${target ? "" : " (target for 1,000 users)"}`,
  );
  record(`${key}_added_s`, round(median(added), 2), undefined, `with - without, per round: ${runs(added)} s`);
  record(
    `${key}_cpu_pack_s`,
    round(median(packCpu), 2),
    undefined,
    `CPU s of the pack's processes (language host + pack) per preview; runs ${runs(packCpu)}`,
  );
  record(
    `${key}_cpu_cli_added_s`,
    round(median(cliCpu.with) - median(cliCpu.without), 2),
    undefined,
    `CPU s the CLI spends more with the pack; medians ${median(cliCpu.with).toFixed(2)} / ${median(cliCpu.without).toFixed(2)} s`,
  );
}
