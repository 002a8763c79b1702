/**
 * UserPasswordReset in a program under the SDK's mocks: what the component registers, with
 * which parent, dependencies and secret outputs, as the engine would receive it.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

interface Registration {
  type: string;
  name: string;
  parent: string;
  dependencies: string[];
  additionalSecretOutputs: string[];
  inputs: Record<string, any>;
}

describe("UserPasswordReset in a program (mocks)", () => {
  const registrations: Registration[] = [];
  let pkg: typeof import("pulumi-vectara");

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({
          // "carol" is a user whose create was confirmed after the fact: a placeholder id until a refresh.
          id: args.custom
            ? args.type.endsWith(":User")
              ? args.name === "carol"
                ? "unconfirmed-create:carol@example.com"
                : "usr_new"
              : `${args.name}-id`
            : undefined,
          state: {
            ...args.inputs,
            ...(args.type.endsWith(":User") ? { userId: "usr_new", username: args.inputs.email } : {}),
            ...(args.type.endsWith(":PasswordReset") ? { oneTimeCode: "otc-123", resetAt: "2026-11-28T00:00:00Z" } : {}),
          },
        }),
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    // The mocks hide what the engine gets beyond inputs: read it off the monitor's requests.
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
      registrations.push({
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent(),
        dependencies: req.getDependenciesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        inputs: req.getObject().toJavaScript(),
      });
      return register(req, callback);
    };
    pkg = require("pulumi-vectara");
  });

  const settle = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

  it("registers the reset as its child, depending on the user, fed by the user's outputs", async () => {
    const user = new pkg.VectaraUser("alice", { email: "alice@example.com" });
    const component = new pkg.UserPasswordReset("alice-pw", { user, triggers: { wave: "1" }, rotateAfterDays: 90 });
    assert.equal(await settle(component.resetAt), "2026-11-28T00:00:00Z");

    const userUrn = await settle(user.urn);
    const componentUrn = await settle(component.urn);
    const comp = registrations.find((r) => r.name === "alice-pw")!;
    assert.equal(comp.type, "vectara:index:UserPasswordReset");
    const reset = registrations.find((r) => r.name === "alice-pw-reset")!;
    assert.equal(reset.type, "pulumi-nodejs:dynamic/vectara:PasswordReset");
    assert.equal(reset.parent, componentUrn);
    assert.ok(reset.dependencies.includes(userUrn), "the reset waits for the user");
    assert.equal(reset.inputs.username, "alice@example.com");
    assert.equal(reset.inputs.userId, "usr_new");
    assert.deepEqual(reset.inputs.triggers, { wave: "1" });
    assert.equal(reset.inputs.rotateAfterDays, 90);
  });

  it("a user still under the placeholder id of an unconfirmed create: the reset takes the userId output, never the placeholder", async () => {
    const user = new pkg.VectaraUser("carol", { email: "carol@example.com" });
    const component = new pkg.UserPasswordReset("carol-pw", { user });
    await settle(component.resetAt);
    assert.equal(await settle(user.id), "unconfirmed-create:carol@example.com");
    assert.equal(registrations.find((r) => r.name === "carol-pw-reset")!.inputs.userId, "usr_new");
  });

  it("asks the engine to keep the one-time code fields secret (additionalSecretOutputs)", async () => {
    const reset = registrations.find((r) => r.name === "alice-pw-reset")!;
    assert.deepEqual([...reset.additionalSecretOutputs].sort(), ["oneTimeCode", "oneTimeCodeLink"]);
  });

  it("takes a plain username for users managed elsewhere", async () => {
    const component = new pkg.UserPasswordReset("bob-pw", { username: "bob@example.com" });
    assert.equal(await settle(component.username), "bob@example.com");
    const reset = registrations.find((r) => r.name === "bob-pw-reset")!;
    assert.equal(reset.inputs.userId, "");
  });

  it("refuses a JavaScript caller's both-or-neither before registering anything (TypeScript: tests/types)", async () => {
    type Args = import("pulumi-vectara").UserPasswordResetArgs;
    const user = new pkg.VectaraUser("carol", { email: "carol@example.com" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = registrations.length;
    assert.throws(
      () => new pkg.UserPasswordReset("none", {} as unknown as Args),
      /exactly one of `user` \(a VectaraUser\) or `username`, not neither/,
    );
    assert.throws(
      () => new pkg.UserPasswordReset("both", { user, username: "carol" } as unknown as Args),
      /exactly one of `user` \(a VectaraUser\) or `username`, not both/,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      registrations.slice(before).map((r) => r.name),
      [],
      "no component, no reset registered",
    );
  });
});
