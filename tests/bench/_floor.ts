import { VectaraEmulator } from "../emulator";
import { serializeProvider } from "../support/serialize";
import { apiKeyConfig, declareUsers, now, pool, startHost, withProvider } from "./lib";
(async () => {
  const n = Number(process.argv[2] ?? 1000);
  const lat = Number(process.argv[3] ?? 20);
  const emu = await VectaraEmulator.start();
  const host = await startHost(apiKeyConfig(emu));
  const real = await serializeProvider(require("pulumi-vectara/dist/user/provider.js").userProvider);
  const fake = `exports.handler = __f0;\nconst sleep = (ms) => new Promise((r) => setTimeout(r, ms)); let k = 0;\nfunction __f0() { return {
  check: async (o, n) => ({ inputs: { ...n, username: n.email, description: n.description ?? "", agentRoles: [], enabled: true, adoptExisting: false }, failures: [] }),
  diff: async () => ({ changes: true, replaces: [], deleteBeforeReplace: false }),
  create: async (i) => { await sleep(${lat}); const id = "usr_" + (k++); return { id, outs: { ...i, userId: id, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() } }; },
  update: async (id, o, n) => { await sleep(${lat}); return { outs: { ...o, ...n } }; },
  delete: async () => { await sleep(${lat}); },
}; }\n//` + "x".repeat(Math.max(0, Number(process.env.PAD ?? real.length - 700))) + "\n";
  const prov = fake;
  const fs = require("fs");
  const hostCpu = () => { const f = fs.readFileSync(`/proc/${host.pid}/stat`, "utf8").split(") ")[1].split(" "); return (Number(f[11]) + Number(f[12])) * 10; };
  const users = declareUsers("p", n);
  const h0 = hostCpu(); const b0 = process.cpuUsage(); const t0 = now();
  const m = await pool(users, 10, async (d) => { const c = await host.check(d.urn, {}, withProvider(prov, d.program)); const r = await host.create(d.urn, c.inputs); return { d, id: r.id, state: r.properties, inputs: c.inputs }; });
  const t1 = now();
  const m2 = await pool(m, 10, async (x) => { const news = { ...x.inputs, description: "u" }; await host.diff(x.d.urn, x.id, x.state, news); const r = await host.update(x.d.urn, x.id, x.state, news); return { ...x, state: r.properties }; });
  const t2 = now();
  await pool(m2, 10, (x) => host.delete(x.d.urn, x.id, x.state));
  const t3 = now();
  const b1 = process.cpuUsage(b0);
  console.log(`FLOOR (no provider work, ${lat} ms sleep) n=${n}: create ${(t1-t0).toFixed(0)} update ${(t2-t1).toFixed(0)} delete ${(t3-t2).toFixed(0)} total ${(t3-t0).toFixed(0)} ms (ideal ${3*n*lat/10}); hostCPU ${hostCpu()-h0} benchCPU ${((b1.user+b1.system)/1000).toFixed(0)}; provider len ${prov.length}`);
  await host.stop(); await emu.stop();
})();
