import assert from "node:assert/strict";
import { echoProvider } from "../support/fixtures/echo-provider";
import { slowConfigureProvider } from "../support/fixtures/slow-configure-provider";
import { HostError, ProviderHost, UNKNOWN, urn, type Props } from "../support/host";
import { serializeProvider } from "../support/serialize";

const TYPE = "pulumi-nodejs:dynamic/echo:Echo";

describe("support/host: the SDK's dynamic-provider host over gRPC", function () {
  this.timeout(30_000);
  let host: ProviderHost;
  let provider: string;
  const u = urn(TYPE, "one");

  before(async () => {
    provider = await serializeProvider(echoProvider);
    host = await ProviderHost.start();
    await host.configure(
      { "echo:greeting": "hello", "test-project:color": "blue", "vectara:apiKey": "zqx-secret-key" },
      {
        secretKeys: ["vectara:apiKey"],
      },
    );
  });
  after(async () => {
    await host?.stop();
  });

  it("uses the SDK's unknown sentinel and builds engine-shaped URNs", () => {
    assert.equal(UNKNOWN, require("@pulumi/pulumi/runtime/rpc").unknownValue);
    assert.equal(urn(TYPE, "one"), "urn:pulumi:test::test-project::pulumi-nodejs:dynamic/echo:Echo::one");
    assert.equal(urn("t:m:T", "n", "dev", "p"), "urn:pulumi:dev::p::t:m:T::n");
  });

  it("measures the cold start and reads the port from the first stdout line", () => {
    assert.ok(host.readyAt - host.startedAt > 0);
    assert.equal(host.stdout.split("\n")[0], String(host.port));
  });

  it("serializes the provider the way dynamic.Resource does", () => {
    assert.match(provider, /^exports\.handler = __f0;/);
    assert.match(provider, /return \(\)=>provider;/);
  });

  it("Check: returns the provider's inputs with __provider, and its failures", async () => {
    const ok = await host.check(u, {}, { name: "one", __provider: provider });
    assert.deepEqual(ok, { inputs: { name: "one", size: 1, __provider: provider }, failures: [] });

    const bad = await host.check(u, {}, { name: "", __provider: provider });
    assert.deepEqual(bad.failures, [{ property: "name", reason: "name is required" }]);
  });

  it("Check: an unknown value passes through, and an unknown __provider falls back to the olds'", async () => {
    const r = await host.check(u, {}, { name: UNKNOWN, size: UNKNOWN, __provider: provider });
    assert.deepEqual(r, { inputs: { name: UNKNOWN, size: UNKNOWN, __provider: provider }, failures: [] });

    // A __provider not known yet (preview): the host loads the provider from olds but echoes news' sentinel.
    const r2 = await host.check(u, { name: "one", __provider: provider }, { name: "one", __provider: UNKNOWN });
    assert.equal(r2.inputs.__provider, UNKNOWN);
  });

  it("Configure: the provider's configure sees namespaced, project-namespaced and unwrapped secret values", async () => {
    const created = await host.create(u, { name: "cfg", __provider: provider });
    assert.equal(created.properties.greeting, "hello");
    assert.equal(created.properties.color, "blue"); // config.get("color") => "test-project:color"
    assert.equal(created.properties.apiKeyType, "string"); // sent wrapped as a secret, unwrapped by the host
    assert.equal(created.properties.configureCalls, 1);
  });

  it("Configure: reaches a provider only once per __provider string, on its first use", async () => {
    await host.configure({ "echo:greeting": "changed" });
    const same = await host.create(u, { name: "again", __provider: provider });
    assert.equal(same.properties.greeting, "hello", "an already loaded provider keeps its first config");
    assert.equal(same.properties.configureCalls, 1);

    const variant = `${provider}\n// another copy of the same code is another cache entry\n`;
    const fresh = await host.create(u, { name: "fresh", __provider: variant });
    assert.equal(fresh.properties.greeting, "changed");
    assert.equal(fresh.properties.color, null);
    assert.equal(fresh.properties.__provider, variant);
  });

  it("Diff: none, some, replaces, deleteBeforeReplace, unknown", async () => {
    const olds: Props = { name: "one", size: 1, __provider: provider };
    assert.deepEqual(await host.diff(u, "echo-one", olds, { name: "one", size: 1, __provider: provider }), {
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await host.diff(u, "echo-one", olds, { name: "one", size: 2, __provider: provider }), {
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await host.diff(u, "echo-one", olds, { name: "two", size: 1, __provider: provider }), {
      changes: "some",
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await host.diff(u, "echo-one", olds, { name: "two", size: 1, deleteBeforeReplace: true, __provider: provider }), {
      changes: "some",
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
    assert.equal((await host.diff(u, "echo-one", olds, { name: "one", diffUnknown: true, __provider: provider })).changes, "unknown");
  });

  it("Create: returns the id and the outputs with __provider", async () => {
    const r = await host.create(u, { name: "one", size: 3, __provider: provider });
    assert.equal(r.id, "echo-one");
    assert.equal(r.properties.size, 3);
    assert.equal(r.properties.__provider, provider);
  });

  it("Create: an error with id/properties comes back as HostError with initFailure decoded", async () => {
    const err = await host.create(u, { name: "slow", failInit: true, __provider: provider }).then(
      () => assert.fail("create should have failed"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof HostError);
    assert.equal(err.code, 2); // UNKNOWN
    assert.equal(err.method, "Create");
    assert.equal(err.details, "slow did not become ready");
    assert.equal(err.message, "slow did not become ready");
    assert.deepEqual(err.initFailure, { id: "echo-slow", properties: { name: "slow", ready: false }, reasons: ["not ready"] });
  });

  it("Create: a plain error comes back as HostError without initFailure, and is not logged", async () => {
    await assert.rejects(host.create(u, { name: "no", fail: true, __provider: provider }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.equal(e.code, 2);
      assert.equal(e.details, "create refused for no");
      assert.equal(e.initFailure, undefined);
      return true;
    });
    assert.doesNotMatch(host.stderr, /create refused/);
  });

  it("Create with preview: true still runs the provider's create (the host ignores the flag)", async () => {
    const r = await host.create(u, { name: "pv", __provider: provider }, { preview: true });
    assert.equal(r.id, "echo-pv");
  });

  it("Read: returns props with __provider and the provider's explicit inputs", async () => {
    const state: Props = { name: "one", size: 3, __provider: provider };
    const r = await host.read(u, "echo-one", state, { name: "one", size: 3, __provider: provider });
    assert.equal(r.id, "echo-one");
    assert.deepEqual(r.properties, { name: "one", size: 3, refreshed: true, __provider: provider });
    assert.deepEqual(r.inputs, { name: "one", size: 3, __provider: provider });
  });

  it("Read: an empty id means the resource is gone", async () => {
    const r = await host.read(u, "echo-one", { name: "one", gone: true, __provider: provider });
    assert.equal(r.id, "");
    assert.deepEqual(r.properties, { __provider: provider });
  });

  it("Update: returns the outputs with __provider", async () => {
    const r = await host.update(
      u,
      "echo-one",
      { name: "one", size: 1, __provider: provider },
      { name: "one", size: 2, __provider: provider },
    );
    assert.deepEqual(r.properties, { name: "one", size: 2, previousSize: 1, __provider: provider });
  });

  it("Update: a partial failure carries initFailure too", async () => {
    const olds: Props = { name: "one", size: 1, __provider: provider };
    await assert.rejects(host.update(u, "echo-one", olds, { name: "one", size: 2, failInit: true, __provider: provider }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.deepEqual(e.initFailure, {
        id: "echo-one",
        properties: { name: "one", size: 2, ready: false, __provider: provider },
        reasons: ["still updating"],
      });
      return true;
    });
  });

  it("Delete: resolves, and a thrown error comes back as HostError (and on the host's stderr)", async () => {
    await host.delete(u, "echo-one", { name: "one", __provider: provider });
    await assert.rejects(host.delete(u, "echo-one", { name: "one", failDelete: true, __provider: provider }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.equal(e.code, 2);
      assert.equal(e.details, "delete refused for echo-one");
      return true;
    });
    assert.match(await host.waitForStderr(/delete refused for echo-one/), /delete refused for echo-one/);
  });

  it("errors outside create/update: an integer `code` on the error becomes the gRPC status", async () => {
    await assert.rejects(host.check(u, {}, { name: "x", throwCode: 5, __provider: provider }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.equal(e.code, 5); // NOT_FOUND, straight from the provider's error object
      assert.equal(e.details, "check exploded");
      return true;
    });
  });

  it("never logs the configured secret", () => {
    assert.doesNotMatch(host.stdout + host.stderr, /zqx-secret-key/);
  });
});

describe("support/host: how the host sequences configure (quirks a provider must live with)", function () {
  this.timeout(30_000);
  let host: ProviderHost;
  let provider: string;
  const u = urn("pulumi-nodejs:dynamic/slow:Slow", "s");

  before(async () => {
    provider = await serializeProvider(slowConfigureProvider);
    host = await ProviderHost.start();
  });
  after(async () => {
    await host?.stop();
  });

  it("concurrent first calls: only the first waits for configure, the others run on the unconfigured provider", async () => {
    await host.configure({ "slow:apiKey": "k", "slow:delayMs": "300" });
    const [first, second] = await Promise.all([
      host.create(u, { name: "a", __provider: provider }),
      host.create(u, { name: "b", __provider: provider }),
    ]);
    assert.deepEqual([first.properties.configured, second.properties.configured], [true, false]);
    const later = await host.create(u, { name: "c", __provider: provider });
    assert.equal(later.properties.configured, true);
  });

  it("a configure that throws fails that call only; the provider stays cached and is never configured", async () => {
    await host.configure({ "slow:fail": "yes", "slow:delayMs": "0" });
    const variant = `${provider}\n// failing copy\n`;
    await assert.rejects(host.create(u, { name: "x", __provider: variant }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.equal(e.details, "configure failed: slow:apiKey is invalid");
      return true;
    });
    const next = await host.create(u, { name: "y", __provider: variant });
    assert.deepEqual(next.properties, { configured: false, hasKey: false, __provider: variant });
  });
});

describe("support/host: lifecycle", function () {
  this.timeout(30_000);

  it("kill() ends the host abruptly; calls then fail with UNAVAILABLE; stop() still cleans up", async () => {
    const host = await ProviderHost.start({ project: "other" });
    try {
      host.kill();
      const { signal } = await host.exited;
      assert.equal(signal, "SIGKILL");
      await assert.rejects(host.check(urn(TYPE, "x"), {}, { name: "x" }), (e: unknown) => {
        assert.ok(e instanceof HostError);
        assert.equal(e.code, 14); // UNAVAILABLE
        return true;
      });
    } finally {
      await host.stop();
    }
  });

  it("stop() ends the process", async () => {
    const host = await ProviderHost.start();
    await host.stop();
    const { code, signal } = await host.exited;
    assert.ok(code !== null || signal !== null);
    await host.stop(); // idempotent
    await assert.rejects(host.check(urn(TYPE, "x"), {}, {}), /host stopped/);
  });
});
