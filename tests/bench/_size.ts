import { VectaraEmulator } from "../emulator";
import { apiKeyConfig, declareUsers, now, pool, startHost, withProvider } from "./lib";
(async () => {
  const emu = await VectaraEmulator.start();
  const host = await startHost(apiKeyConfig(emu));
  const base = `exports.handler = __f0;\nfunction __f0() { return { check: async (o, n) => ({ inputs: n, failures: [] }) }; }\n`;
  const users = declareUsers("p", 1000);
  for (const pad of [0, 2000, 20000, 0, 2000]) {
    const prov = base + "//" + "x".repeat(pad) + "\n";
    await host.check(users[0].urn, {}, withProvider(prov, users[0].program));
    const fs = require("fs");
    const hostCpu = () => { const f = fs.readFileSync(`/proc/${host.pid}/stat`, "utf8").split(") ")[1].split(" "); return (Number(f[11]) + Number(f[12])) * 10; };
    const h0 = hostCpu(); const b0 = process.cpuUsage();
    const t = now();
    await pool(users, 10, (d) => host.check(d.urn, {}, withProvider(prov, d.program)));
    const b1 = process.cpuUsage(b0);
    console.log(`pad ${pad}: 1000 checks ${(now() - t).toFixed(0)} ms, hostCPU ${hostCpu()-h0} benchCPU ${((b1.user+b1.system)/1000).toFixed(0)}`);
  }
  await host.stop(); await emu.stop();
})();
