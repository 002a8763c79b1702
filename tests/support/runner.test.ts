import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Pair, Rec } from "./fixtures/recording-resource";
import { UNKNOWN, type ProviderHost } from "./host";
import { destroy, preview, readState, refresh, up, type RunResult, type StackOptions } from "./runner";
import { SECRET_SIG, SIG_KEY } from "./runner/state";

const PASS = "runner-test-passphrase";
const STACK = "urn:pulumi:dev::project::pulumi:pulumi:Stack::project-dev";
/** Engine-style: children of the stack are not qualified by its type. */
const recUrn = (name: string) => `urn:pulumi:dev::project::pulumi-nodejs:dynamic/rec:Rec::${name}`;

interface Call {
  op: string;
  name?: string;
  id?: string;
  phase?: string;
  upstream?: string;
  t: number;
}

/** A fresh folder: the state file, the fake backend's objects and the provider's call log. */
const workdirs: string[] = [];
function workdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runner-test-"));
  workdirs.push(dir);
  return dir;
}

function options(dir: string, program: StackOptions["program"], extra: Partial<StackOptions> = {}): StackOptions {
  return {
    program,
    stateFile: path.join(dir, "state.json"),
    hostEnv: { RUNNER_FIXTURE_DIR: dir },
    passphrase: PASS,
    config: { "rec:greeting": "hi" },
    ...extra,
  };
}

function calls(dir: string): Call[] {
  const file = path.join(dir, "calls.jsonl");
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}

/** "create:a" (start only), "update:a", "delete:a-k1" (by id), "check:b", ... */
function ops(dir: string): string[] {
  return calls(dir)
    .filter((c) => c.phase === undefined || c.phase === "start")
    .map((c) => `${c.op}:${c.op === "delete" ? c.id : c.name}`);
}

const writesOf = (dir: string) => ops(dir).filter((o) => /^(create|update|delete):/.test(o));

/** Runs with a fresh call log. */
async function run(dir: string, f: (o: StackOptions) => Promise<RunResult>, o: StackOptions): Promise<RunResult> {
  fs.rmSync(path.join(dir, "calls.jsonl"), { force: true });
  return f(o);
}

const byUrn = (dir: string, passphrase?: string) =>
  new Map(readState(path.join(dir, "state.json"), passphrase).resources.map((r) => [r.urn, r]));

function stepOf(result: RunResult, name: string) {
  const s = result.steps.find((x) => x.name === name);
  assert.ok(s, `no step for ${name}: ${JSON.stringify(result.steps)}`);
  return s;
}

/** A custom resource of a real provider: not something the runner plays. */
class Bucket extends pulumi.CustomResource {
  constructor(name: string) {
    super("aws:s3:Bucket", name, {});
  }
}

describe("support/runner: an offline stand-in for pulumi up over the real dynamic-provider host", function () {
  this.timeout(30_000);
  after(() => {
    for (const dir of workdirs) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("a stack's lifecycle", () => {
    const dir = workdir();
    const stateFile = path.join(dir, "state.json");
    /** a, and b that takes a's label; shaped by the test. */
    let shape: { size: number; key: string; dbr?: boolean; withA: boolean; withB: boolean } = {
      size: 1,
      key: "k1",
      withA: true,
      withB: true,
    };
    const program = async () => {
      const out: Record<string, unknown> = {};
      let a: Rec | undefined;
      if (shape.withA) {
        a = new Rec("a", { size: shape.size, key: shape.key, dbr: shape.dbr }, { additionalSecretOutputs: ["token"] });
        out.a = a.label;
        out.token = a.token;
        out.greeting = a.greeting;
      }
      if (shape.withB) {
        out.b = new Rec("b", { upstream: a!.label }).label;
      }
      return out;
    };
    const o = () => options(dir, program);

    it("preview: Check only, unknowns flow to dependents, no state file", async () => {
      const r = await run(dir, preview, o());
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(
        r.steps.map((s) => `${s.op}:${s.name}`),
        ["create:project-dev", "create:a", "create:b"],
      );
      assert.equal(r.summary.create, 3);
      assert.deepEqual(ops(dir), ["check:a", "check:b"]);
      assert.equal(calls(dir).find((c) => c.name === "b")!.upstream, UNKNOWN, "b's Check sees a's label as unknown");
      assert.deepEqual(r.outputs, { a: "[unknown]", token: "[unknown]", greeting: "[unknown]", b: "[unknown]" });
      assert.equal(fs.existsSync(stateFile), false);
    });

    it("up: creates, dependents get the real outputs, config reaches the provider, state records it all", async () => {
      const r = await run(dir, up, o());
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(ops(dir), ["check:a", "create:a", "check:b", "create:b"]);
      assert.equal(calls(dir).find((c) => c.op === "check" && c.name === "b")!.upstream, "a/k1/1");
      assert.deepEqual(r.outputs, { a: "a/k1/1", token: "[secret]", greeting: "hi", b: "b/k1/1" });
      assert.deepEqual(r.summary, { create: 3, update: 0, replace: 0, delete: 0, same: 0, refresh: 0, "read-gone": 0 });

      const state = byUrn(dir, PASS);
      assert.deepEqual([...state.keys()], [STACK, recUrn("a"), recUrn("b")]);
      const a = state.get(recUrn("a"))!;
      const b = state.get(recUrn("b"))!;
      assert.equal(a.id, "a-k1");
      assert.equal(a.parent, STACK);
      assert.deepEqual(b.dependencies, [recUrn("a")]);
      assert.equal(b.inputs.upstream, "a/k1/1");
      // __provider travels in inputs AND outputs, as with the engine.
      const provider = a.inputs.__provider as string;
      assert.match(provider, /^exports\.handler = __f0;/);
      assert.equal(a.outputs.__provider, provider);
      assert.ok(provider.length < 20_000, `__provider is ${provider.length} bytes`);
      assert.deepEqual(state.get(STACK)!.outputs.token, { [SIG_KEY]: SECRET_SIG, value: "tok-a-k1" });
    });

    it("a second up is all same: no Create/Update/Delete and the state file is not rewritten", async () => {
      const before = fs.readFileSync(stateFile, "utf8");
      const mtime = fs.statSync(stateFile).mtimeMs;
      const r = await run(dir, up, o());
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(
        r.steps.map((s) => s.op),
        ["same", "same", "same"],
      );
      assert.deepEqual(writesOf(dir), []);
      assert.deepEqual(ops(dir), ["check:a", "diff:a", "check:b", "diff:b"]);
      assert.equal(fs.readFileSync(stateFile, "utf8"), before);
      assert.equal(fs.statSync(stateFile).mtimeMs, mtime);
    });

    it("an input change is an update, and the dependent is updated with the new output", async () => {
      shape = { ...shape, size: 2 };
      const p = await run(dir, preview, o());
      assert.deepEqual(writesOf(dir), [], "preview writes nothing");
      assert.equal(stepOf(p, "a").op, "update");

      const r = await run(dir, up, o());
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(writesOf(dir), ["update:a", "update:b"]);
      assert.deepEqual(stepOf(r, "a").changed, ["size"]);
      assert.deepEqual(stepOf(r, "b").changed, ["upstream"]);
      assert.equal(byUrn(dir).get(recUrn("b"))!.inputs.upstream, "a/k1/2");
      assert.equal(r.outputs.a, "a/k1/2");
    });

    it("a replace-forcing change: create the new one, then delete the old one after the program", async () => {
      shape = { ...shape, key: "k2" };
      const p = await run(dir, preview, o());
      assert.deepEqual(writesOf(dir), []);
      assert.equal(stepOf(p, "a").op, "replace");
      assert.equal(
        calls(dir).find((c) => c.op === "check" && c.name === "b")!.upstream,
        UNKNOWN,
        "a replacement's outputs are unknown in preview",
      );

      const lines: string[] = [];
      const r = await run(dir, up, { ...o(), log: (l) => lines.push(l) });
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(writesOf(dir), ["create:a", "update:b", "delete:a-k1"]);
      const a = stepOf(r, "a");
      assert.deepEqual([a.op, a.replaces, a.deleteBeforeReplace], ["replace", ["key"], false]);
      assert.ok(lines.includes("+-replace rec:Rec a [key] (create before delete)"), lines.join("\n"));
      const state = readState(stateFile);
      assert.equal(state.resources.filter((x) => x.name === "a").length, 1);
      assert.equal(state.resources.find((x) => x.name === "a")!.id, "a-k2");
      assert.ok(!state.resources.some((x) => x.delete));
      assert.deepEqual(fs.readdirSync(path.join(dir, "objects")).sort(), ["a-k2.json", "b-k1.json"]);
    });

    it("deleteBeforeReplace: delete the old one first, then create", async () => {
      shape = { ...shape, key: "k3", dbr: true };
      const lines: string[] = [];
      const r = await run(dir, up, { ...o(), log: (l) => lines.push(l) });
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(writesOf(dir), ["delete:a-k2", "create:a", "update:b"]);
      assert.equal(stepOf(r, "a").deleteBeforeReplace, true);
      assert.ok(lines.includes("+-replace rec:Rec a [key] (delete before replace)"), lines.join("\n"));
      assert.equal(byUrn(dir).get(recUrn("a"))!.id, "a-k3");
    });

    it("resources the program no longer declares are deleted, dependents first", async () => {
      shape = { ...shape, withA: false, withB: false };
      const before = fs.readFileSync(stateFile, "utf8");
      const p = await run(dir, preview, o());
      assert.deepEqual(
        p.steps.map((s) => `${s.op}:${s.name}`),
        ["same:project-dev", "delete:b", "delete:a"],
      );
      assert.deepEqual(ops(dir), []);
      assert.equal(fs.readFileSync(stateFile, "utf8"), before);

      const lines: string[] = [];
      const r = await run(dir, up, { ...o(), log: (l) => lines.push(l) });
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(writesOf(dir), ["delete:b-k1", "delete:a-k3"]);
      assert.deepEqual(r.summary.delete, 2);
      assert.ok(lines.includes("- delete rec:Rec b"), lines.join("\n"));
      assert.deepEqual([...byUrn(dir).keys()], [STACK]);
      assert.deepEqual(fs.readdirSync(path.join(dir, "objects")), []);
    });
  });

  describe("refresh and destroy", () => {
    const dir = workdir();
    const program = async () => {
      const x = new Rec("x");
      new Rec("y", { upstream: x.label });
      const pair = new Pair("p");
      return { child: pair.child.label };
    };

    it("records component resources with their parents and outputs", async () => {
      const r = await run(dir, up, options(dir, program));
      assert.equal(r.failed, false, r.errors.join("\n"));
      const state = byUrn(dir);
      const pairUrn = "urn:pulumi:dev::project::fixture:index:Pair::p";
      const child = "urn:pulumi:dev::project::fixture:index:Pair$pulumi-nodejs:dynamic/rec:Rec::p-child";
      assert.deepEqual([state.get(pairUrn)!.custom, state.get(pairUrn)!.parent], [false, STACK]);
      assert.equal(state.get(child)!.parent, pairUrn);
      assert.deepEqual(state.get(pairUrn)!.outputs, { childLabel: "p-child/k1/1" });
    });

    it("refresh: Reads every resource, drops the ones gone, stores what Read returned", async () => {
      fs.rmSync(path.join(dir, "objects", "y-k1.json"));
      const objects = path.join(dir, "objects", "x-k1.json");
      fs.writeFileSync(objects, JSON.stringify({ ...JSON.parse(fs.readFileSync(objects, "utf8")), size: 5, label: "x/k1/5" }));
      const r = await run(dir, refresh, options(dir, program));
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(
        ops(dir).filter((o) => !o.startsWith("read:")),
        [],
        "refresh only Reads",
      );
      assert.deepEqual(ops(dir).sort(), ["read:p-child", "read:x", "read:y"]);
      assert.equal(stepOf(r, "y").op, "read-gone");
      assert.deepEqual([stepOf(r, "x").op, stepOf(r, "x").changed], ["refresh", ["label", "size"]]);
      const state = byUrn(dir);
      assert.equal(state.has(recUrn("y")), false);
      assert.equal(state.get(recUrn("x"))!.outputs.size, 5);
      assert.equal(state.get(recUrn("x"))!.inputs.size, 5, "Read's inputs are stored");
      assert.equal(state.get(recUrn("x"))!.outputs.__provider, state.get(recUrn("x"))!.inputs.__provider);
    });

    it("destroy: deletes everything, children and dependents first, and empties the state", async () => {
      const r = await run(dir, destroy, options(dir, program));
      assert.equal(r.failed, false, r.errors.join("\n"));
      const order = r.steps.map((s) => s.name);
      assert.ok(order.indexOf("p-child") < order.indexOf("p") && order.indexOf("p") < order.indexOf("project-dev"), order.join(","));
      assert.equal(order[order.length - 1], "project-dev");
      assert.deepEqual(writesOf(dir).sort(), ["delete:p-child-k1", "delete:x-k1"]);
      assert.deepEqual(readState(path.join(dir, "state.json")).resources, []);
      assert.deepEqual(fs.readdirSync(path.join(dir, "objects")), []);
    });
  });

  describe("secrets", () => {
    const dir = workdir();
    const stateFile = path.join(dir, "state.json");
    const program = async () => {
      const s = new Rec("s", { note: pulumi.secret("hush-note-4711") }, { additionalSecretOutputs: ["token"] });
      return {
        token: s.token,
        tokenIsSecret: await pulumi.isSecret(s.token),
        noteIsSecret: await pulumi.isSecret(s.note),
        labelIsSecret: await pulumi.isSecret(s.label),
      };
    };

    it("additionalSecretOutputs and outputs named like a secret input are secrets in the program and encrypted in state", async () => {
      const r = await run(dir, up, options(dir, program));
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(r.outputs, { token: "[secret]", tokenIsSecret: true, noteIsSecret: true, labelIsSecret: false });

      const text = fs.readFileSync(stateFile, "utf8");
      assert.ok(!text.includes("tok-s-k1"), "the token is in the state file in plain text");
      assert.ok(!text.includes("hush-note-4711"), "the secret input is in the state file in plain text");
      assert.ok(text.includes('"label": "s/k1/1"'), "non-secret outputs stay readable");

      const raw = byUrn(dir).get(recUrn("s"))!;
      assert.equal((raw.outputs.token as any)[SIG_KEY], SECRET_SIG);
      assert.match((raw.outputs.token as any).ciphertext, /^v1:/);
      const decrypted = byUrn(dir, PASS).get(recUrn("s"))!;
      assert.deepEqual(decrypted.outputs.token, { [SIG_KEY]: SECRET_SIG, value: "tok-s-k1" });
      assert.deepEqual(decrypted.inputs.note, { [SIG_KEY]: SECRET_SIG, value: "hush-note-4711" });
      assert.deepEqual(decrypted.outputs.note, { [SIG_KEY]: SECRET_SIG, value: "hush-note-4711" });
      assert.throws(() => readState(stateFile, "wrong"), /incorrect passphrase/);
    });

    it("an unchanged stack keeps its ciphertexts (no rewrite); a state with secrets needs the passphrase", async () => {
      const before = fs.readFileSync(stateFile, "utf8");
      const r = await run(dir, up, options(dir, program));
      assert.deepEqual(
        r.steps.map((s) => s.op),
        ["same", "same"],
      );
      assert.equal(fs.readFileSync(stateFile, "utf8"), before);

      const saved = process.env.PULUMI_CONFIG_PASSPHRASE;
      delete process.env.PULUMI_CONFIG_PASSPHRASE;
      try {
        await assert.rejects(
          up(options(dir, program, { passphrase: undefined })),
          /holds encrypted secrets: pass `passphrase` or set PULUMI_CONFIG_PASSPHRASE/,
        );
        await assert.rejects(up(options(dir, program, { passphrase: "wrong" })), /incorrect passphrase/);

        // A new stack with secrets and no passphrase fails before creating anything.
        const fresh = workdir();
        const r2 = await run(fresh, up, options(fresh, program, { passphrase: "" }));
        assert.equal(r2.failed, true);
        assert.match(r2.errors[0], /no passphrase to encrypt them in state/);
        assert.deepEqual(writesOf(fresh), []);
      } finally {
        if (saved !== undefined) {
          process.env.PULUMI_CONFIG_PASSPHRASE = saved;
        }
      }
    });
  });

  describe("failures", () => {
    it("a failed create fails the run; its dependents are not created; independent ones are; a partial create lands in state", async () => {
      const dir = workdir();
      const program = async () => {
        const bad = new Rec("bad", { fail: true });
        new Rec("dependent", { upstream: bad.label });
        new Rec("fine");
        new Rec("partial", { failInit: true });
        new Rec("invalid", { name: "" } as any);
        new Bucket("bucket");
      };
      const r = await run(dir, up, options(dir, program));
      assert.equal(r.failed, true);
      assert.equal(r.errors.length, 4, r.errors.join("\n"));
      assert.ok(r.errors.includes(`${recUrn("bad")}: Create failed: create refused for bad`), r.errors.join("\n"));
      assert.ok(r.errors.includes(`${recUrn("partial")}: Create failed: partial did not become ready`), r.errors.join("\n"));
      assert.ok(r.errors.includes(`${recUrn("invalid")}: name: name is required`), r.errors.join("\n"));
      assert.ok(
        r.errors.includes(
          "urn:pulumi:dev::project::aws:s3:Bucket::bucket: only dynamic resources are supported (pulumi-nodejs:dynamic/...), not aws:s3:Bucket",
        ),
        r.errors.join("\n"),
      );
      assert.match(stepOf(r, "bad").error!, /create refused/);
      assert.ok(!ops(dir).includes("check:dependent"), "the dependent of a failed resource is not even checked");

      const state = byUrn(dir);
      assert.equal(state.get(recUrn("fine"))!.id, "fine-k1");
      assert.equal(state.has(recUrn("bad")), false);
      assert.equal(state.has(recUrn("dependent")), false);
      const partial = state.get(recUrn("partial"))!;
      assert.deepEqual([partial.id, partial.outputs.ready, partial.initErrors], ["partial-k1", false, ["not ready"]]);

      // A failed run deletes nothing the program did not declare.
      const r2 = await run(
        dir,
        up,
        options(dir, async () => {
          new Rec("bad", { fail: true });
        }),
      );
      assert.equal(r2.failed, true);
      assert.deepEqual(writesOf(dir), ["create:bad"]);
      assert.ok(byUrn(dir).has(recUrn("fine")));
    });

    it("the state is written after every step: killing the host mid-run keeps the completed ones", async () => {
      const dir = workdir();
      const stateFile = path.join(dir, "state.json");
      let host: ProviderHost | undefined;
      let atKill: string[] = [];
      const program = async () => {
        const a = new Rec("a");
        const b = new Rec("b", { upstream: a.label });
        new Rec("c", { upstream: b.label });
      };
      const r = await run(
        dir,
        up,
        options(dir, program, {
          onHost: (h) => (host = h),
          log: (line) => {
            if (line === "+ create rec:Rec b") {
              atKill = readState(stateFile).resources.map((x) => x.name);
              host!.kill();
            }
          },
        }),
      );
      assert.deepEqual(atKill, ["project-dev", "a", "b"], "b was checkpointed before its step was reported");
      assert.equal(r.failed, true);
      assert.match(stepOf(r, "c").error!, /rec:Rec::c: Check failed/);
      assert.deepEqual(
        readState(stateFile).resources.map((x) => [x.name, x.id]),
        [
          ["project-dev", undefined],
          ["a", "a-k1"],
          ["b", "b-k1"],
        ],
      );
    });
  });

  describe("programs and options", () => {
    it("a program file: exports become outputs, config reaches the program and the host, it is loaded fresh each run", async () => {
      const dir = workdir();
      const file = path.join(__dirname, "fixtures", "runner-program.ts");
      const o = (names: string) =>
        options(dir, file, {
          config: { "rec:names": names, "rec:greeting": "hello", "rec:apiKey": "k-123" },
          secretConfigKeys: ["rec:apiKey"],
        });
      const r = await run(dir, up, o("p,q"));
      assert.equal(r.failed, false, r.errors.join("\n"));
      assert.deepEqual(r.outputs, {
        labels: ["p/k1/1", "q/k1/1"],
        tokens: ["[secret]", "[secret]"],
        greeting: "hello",
        apiKeyIsSecret: true,
      });
      assert.ok(!fs.readFileSync(path.join(dir, "state.json"), "utf8").includes("tok-p"));

      const r2 = await run(dir, up, o("p"));
      assert.equal(r2.failed, false, r2.errors.join("\n"));
      assert.deepEqual(writesOf(dir), ["delete:q-k1"]);
      assert.deepEqual(r2.outputs.labels, ["p/k1/1"]);
    });

    it("leaves the SDK's process-global runtime as it found it: mocks, config, rejection listeners", async () => {
      const registered: string[] = [];
      pulumi.runtime.setAllConfig({ "other:key": "v" });
      await pulumi.runtime.setMocks(
        {
          newResource: (args) => {
            registered.push(args.name);
            return { id: `${args.name}-id`, state: args.inputs };
          },
          call: () => ({}),
        },
        "other",
        "stack",
        false,
      );
      const listeners = process.listeners("unhandledRejection");
      try {
        // No custom resource: no host is started.
        const r = await up(options(workdir(), async () => ({ answer: 42 })));
        assert.equal(r.failed, false, r.errors.join("\n"));
        assert.deepEqual(r.outputs, { answer: 42 });

        assert.deepEqual(process.listeners("unhandledRejection"), listeners);
        assert.equal(new pulumi.Config("other").get("key"), "v");
        assert.equal(new pulumi.Config("rec").get("greeting"), undefined);
        assert.equal(pulumi.getProject(), "other");
        const after = new Rec("after");
        assert.equal(await new Promise((resolve) => after.id.apply(resolve)), "after-id");
        assert.deepEqual(registered, ["after"]);
      } finally {
        pulumi.runtime.setAllConfig({});
      }
    });

    it("parallel: 1 runs one provider operation at a time", async () => {
      const dir = workdir();
      const program = async () => {
        for (const n of ["s1", "s2", "s3"]) {
          new Rec(n, { slowMs: 120 });
        }
      };
      const r = await run(dir, up, options(dir, program, { parallel: 1 }));
      assert.equal(r.failed, false, r.errors.join("\n"));
      const creates = calls(dir).filter((c) => c.op === "create");
      assert.equal(creates.length, 6);
      for (let i = 0; i < creates.length; i += 2) {
        assert.deepEqual(
          [creates[i].phase, creates[i + 1].phase, creates[i].name],
          ["start", "end", creates[i + 1].name],
          "creates overlap",
        );
      }
    });
  });
});
