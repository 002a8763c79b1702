import { startEmulatorChild } from "./emulator-child";
import { engineLifecycle } from "./engine-lifecycle";
(async () => {
  const emu = await startEmulatorChild({ latencyMs: 20 });
  try {
    for (const kind of (process.argv[4] ?? "ours,floor,naive").split(",") as ("ours" | "floor" | "naive")[]) {
      const r = await engineLifecycle(kind, Number(process.argv[2] ?? 20), emu, process.argv[3] ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {});
      console.log(JSON.stringify(r));
    }
  } finally {
    await emu.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
