// The users a test declares, as JSON in the file that config `users` names (resource name ->
// VectaraUser arguments). Any value written `{ "knownAtUp": <value> }` reaches the user as an
// output of another resource (an Echo, created in the same run): unknown in a preview, known
// when `pulumi up` registers the user, as an email or roles taken from another system would be.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { VectaraUser, type VectaraUserArgs } from "pulumi-vectara";

/** Hands its input back as the output `value`, which a preview does not know (no API call). */
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "echo", outs: { input: inputs.input, value: inputs.input } };
  },
};

class Echo extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<unknown>;
  constructor(name: string, input: unknown) {
    super(echoProvider, name, { input, value: undefined }, undefined, "test", "Echo");
  }
}

function resolve(value: unknown, name: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolve(v, `${name}-${i}`));
  if (value && typeof value === "object") {
    if ("knownAtUp" in value) return new Echo(name, (value as { knownAtUp: unknown }).knownAtUp).value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, `${name}-${k}`)]));
  }
  return value;
}

const declared: Record<string, unknown> = JSON.parse(fs.readFileSync(new pulumi.Config().require("users"), "utf8"));
for (const [name, args] of Object.entries(declared)) new VectaraUser(name, resolve(args, `echo-${name}`) as VectaraUserArgs);
