import { VectaraEmulator } from "../emulator";
import { serializeProvider } from "../support/serialize";
import { apiKeyConfig, declareUsers, median, now, pool, startHost, withProvider } from "./lib";
(async () => {
  const up = await serializeProvider(require("pulumi-vectara/dist/user/provider.js").userProvider);
  const lat = Number(process.argv[2] ?? 20);
  const n = Number(process.argv[3] ?? 200);
  const conc = Number(process.argv[4] ?? 10);
  const emu = await VectaraEmulator.start({ latencyMs: lat });
  if (process.env.HOST_PROF) process.env.NODE_OPTIONS = "--require /tmp/bscratch/sigterm.js";
  const host = await startHost(apiKeyConfig(emu));
  delete process.env.NODE_OPTIONS;
  const users = declareUsers("p", n);
  const tc: number[] = [], tr: number[] = [], td: number[] = [];
  const t0 = now();
  const ms = await pool(users, conc, async (d) => {
    let t = now();
    const c = await host.check(d.urn, {}, withProvider(up, d.program));
    tc.push(now() - t); t = now();
    const r = await host.create(d.urn, c.inputs);
    tr.push(now() - t);
    return { d, r };
  });
  const tot = now() - t0;
  await pool(ms, conc, async ({ d, r }) => { const t = now(); await host.delete(d.urn, r.id, { ...r.properties, __provider: up }); td.push(now() - t); });
  const q = (a: number[]) => `med ${median(a).toFixed(1)} max ${Math.max(...a).toFixed(1)}`;
  console.log(`check ${q(tc)} | create ${q(tr)} | delete ${q(td)} | create phase ${tot.toFixed(0)} ms`);
  await host.stop(); await emu.stop();
})();
