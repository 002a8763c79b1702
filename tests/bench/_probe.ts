import { VectaraEmulator } from "../emulator";
import { serializeProvider } from "../support/serialize";
import { apiKeyConfig, checkCreate, declareUsers, now, pool, startHost, withProvider } from "./lib";
(async () => {
  const up = await serializeProvider(require("pulumi-vectara/dist/user/provider.js").userProvider);
  const lat = Number(process.argv[2] ?? 20);
  const emu = await VectaraEmulator.start({ latencyMs: lat });
  const host = await startHost(apiKeyConfig(emu));
  const users = declareUsers("p", 200);
  let t = now();
  await pool(users, 10, (d) => host.check(d.urn, {}, withProvider(up, d.program)));
  console.log("200 checks", (now() - t).toFixed(0), "ms");
  t = now();
  await pool(users, 10, (d) => host.check(d.urn, {}, withProvider(up, d.program)));
  console.log("200 checks again", (now() - t).toFixed(0), "ms");
  // raw http to emulator
  const http = require("http");
  const agent = new http.Agent({ keepAlive: true });
  t = now();
  await pool(users, 10, (d) => new Promise<void>((res, rej) => http.get(`${emu.url}/v2/users/nobody`, { agent, headers: { "x-api-key": "zut_emulator_admin_key" } }, (r: any) => { r.resume(); r.on("end", res); }).on("error", rej)));
  console.log("200 raw GETs", (now() - t).toFixed(0), "ms");
  t = now();
  const m = await pool(users, 10, (d) => checkCreate(host, up, d));
  console.log("200 check+create", (now() - t).toFixed(0), "ms");
  t = now();
  await pool(m, 10, (x) => host.delete(x.urn, x.id, x.state));
  console.log("200 delete", (now() - t).toFixed(0), "ms");
  await host.stop(); await emu.stop();
})();
