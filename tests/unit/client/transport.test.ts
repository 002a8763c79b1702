/**
 * What the HTTP layer promises about connections, checked on the wire: proxies from the
 * environment are never used (the credential would reach them) and keep-alive sockets are
 * reused. axios changed its proxy and keep-alive code many times
 * between 1.13 and 1.21; these must hold across its updates.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import { Socket, type AddressInfo } from "node:net";
import { DEFAULT_API_KEY } from "vectara-emulator";
import { json, keyClient, wireUser } from "./helpers";

interface CountingServer {
  url: string;
  /** TCP connections accepted (a CONNECT or a proxied request counts too). */
  connections: number;
  /** Request lines seen, e.g. "GET /v2/users/u1%40example.com" or "CONNECT 127.0.0.1:443". */
  requests: string[];
  /** x-api-key / authorization headers seen. */
  credentials: string[];
  close(): Promise<void>;
}

/** A server that answers every GET with a user and records what reached it. */
async function countingServer(): Promise<CountingServer> {
  const sockets = new Set<Socket>();
  const state = { connections: 0, requests: [] as string[], credentials: [] as string[] };
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    for (const h of ["x-api-key", "authorization", "proxy-authorization"]) {
      const v = req.headers[h];
      if (typeof v === "string") state.credentials.push(v);
    }
    json(res, 200, wireUser(1));
  });
  server.on("connect", (req: http.IncomingMessage, socket: Socket) => {
    state.requests.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  server.on("connection", (s: Socket) => {
    state.connections += 1;
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    credentials: state.credentials,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const PROXY_VARS = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "NO_PROXY", "no_proxy"];

describe("client transport: proxies and keep-alive", () => {
  let api: CountingServer;
  beforeEach(async () => {
    api = await countingServer();
  });
  afterEach(async () => {
    await api.close();
  });

  describe("with HTTP(S)_PROXY set in the environment", () => {
    let proxy: CountingServer;
    const saved: Record<string, string | undefined> = {};
    beforeEach(async () => {
      proxy = await countingServer();
      for (const name of PROXY_VARS) {
        saved[name] = process.env[name];
        delete process.env[name];
      }
      for (const name of ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"]) process.env[name] = proxy.url;
    });
    afterEach(async () => {
      for (const name of PROXY_VARS) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      await proxy.close();
    });

    it("goes straight to the API: the proxy never sees a request or the API key", async () => {
      const client = keyClient(api);
      assert.equal((await client.get("u1@example.com")).email, "u1@example.com");
      assert.deepEqual(api.requests, ["GET /v2/users/u1%40example.com"]);
      assert.deepEqual(api.credentials, [DEFAULT_API_KEY]);
      assert.equal(proxy.connections, 0, `the proxy was contacted: ${proxy.requests.join(", ")}`);
      assert.deepEqual(proxy.credentials, []);
    });
  });

  it("reuses one keep-alive connection for sequential requests", async () => {
    const client = keyClient(api);
    for (let i = 0; i < 20; i += 1) await client.get("u1@example.com");
    assert.equal(api.requests.length, 20);
    assert.equal(api.connections, 1);
  });

  // axios sets TCP keep-alive (60 s) on each request's socket and the agent sets its own
  // `keepAliveMsecs` when the socket is released: equal values make every call after the first a
  // no-op in Node (it skips the syscall when nothing changes); different ones cost two per request.
  it("asks the same TCP keep-alive delay on every request of a reused socket", async () => {
    const delays: number[] = [];
    const original = Socket.prototype.setKeepAlive;
    Socket.prototype.setKeepAlive = function (this: Socket, enable?: boolean, delay?: number) {
      delays.push(delay ?? 0);
      return original.call(this, enable, delay);
    };
    try {
      const client = keyClient(api);
      for (let i = 0; i < 5; i += 1) await client.get("u1@example.com");
    } finally {
      Socket.prototype.setKeepAlive = original;
    }
    assert.equal(api.connections, 1);
    assert.ok(delays.length >= 5, `setKeepAlive was called ${delays.length} times`);
    assert.deepEqual([...new Set(delays)], [60_000]);
  });
});
