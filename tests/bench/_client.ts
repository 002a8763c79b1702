import * as http from "node:http";
import { startEmulatorProcess, now, pool } from "./lib";
(async () => {
  const { url, handle } = await startEmulatorProcess([]);
  try {
    const { UsersClient } = require("pulumi-vectara");
    const client = new UsersClient({ apiKey: "zut_emulator_admin_key", baseUrl: url });
    const agent = new http.Agent({ keepAlive: true });
    const raw = () => new Promise<void>((res, rej) => http.request(`${url}/v2/users`, { method: "POST", agent, headers: { "x-api-key": "zut_emulator_admin_key", "content-type": "application/json" } }, (r) => { const c: Buffer[] = []; r.on("data", (x) => c.push(x)); r.on("end", () => { JSON.parse(Buffer.concat(c).toString()); res(); }); }).on("error", rej).end(JSON.stringify({ email: `r${Math.random()}@x.com`, api_roles: ["viewer"] })));
    let i = 0;
    const cli = () => client.create({ email: `c${i++}@x.com`, apiRoles: ["viewer"] });
    for (let round = 0; round < 3; round++) {
      for (const [name, fn] of [["raw", raw], ["client", cli]] as const) {
        const c0 = process.cpuUsage(); const t0 = now();
        await pool(Array.from({ length: 1000 }), 10, () => (fn as any)());
        const c1 = process.cpuUsage(c0);
        console.log(`${name}: 1000 POSTs ${(now() - t0).toFixed(0)} ms wall, ${((c1.user + c1.system) / 1000).toFixed(0)} ms CPU in this process`);
      }
    }
  } finally { await handle.stop(); }
})();
