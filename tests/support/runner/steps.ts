/**
 * The engine's part for one registration: its URN, then for a component a record in state, for
 * a dynamic resource Check, Diff and the step they call for, checkpointed as the engine does.
 */
import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { HostError, UNKNOWN, type ProviderHost } from "../host";
import type { Deployment } from "./deployment";
import { message } from "./errors";
import type { Registration } from "./program";
import { changedKeys, markSecrets, plain, secretKeysOf } from "./props";
import type { Props, ResourceState } from "./state";
import type { Step } from "./types";
import { DYNAMIC_PREFIX, engineUrn, mockUrn } from "./urns";

export async function register(
  d: Deployment,
  args: pulumi.runtime.MockResourceArgs,
  reg: Registration,
): Promise<pulumi.runtime.MockResourceResult> {
  const s = d.session;
  const programUrn = mockUrn(s.stack, s.project, reg.parent, reg.type, reg.name);
  reg.parent = reg.parent ? d.toEngine(reg.parent) : "";
  reg.dependencies = reg.dependencies.map(d.toEngine);
  const urn = engineUrn(s.stack, s.project, reg.parent, reg.type, reg.name);
  d.engineUrns.set(programUrn, urn);
  d.seen.add(urn);
  if (reg.ignored.length > 0) {
    s.log(`  warning: ${urn}: resource option(s) ignored by this runner: ${reg.ignored.join(", ")}`);
  }
  if (!args.custom) {
    return component(d, urn, reg);
  }
  return await custom(d, urn, reg);
}

function component(d: Deployment, urn: string, reg: Registration): pulumi.runtime.MockResourceResult {
  const s = d.session;
  const old = d.oldByUrn.get(urn);
  const entry: ResourceState = {
    urn,
    type: reg.type,
    name: reg.name,
    custom: false,
    parent: reg.parent,
    dependencies: reg.dependencies,
    inputs: reg.object,
    outputs: d.componentOutputs.get(urn) ?? old?.outputs ?? {},
  };
  const step = newStep(old ? "same" : "create", urn, reg);
  d.done.set(urn, entry);
  try {
    d.checkpoint();
  } catch (e) {
    d.done.delete(urn);
    s.record({ ...step, error: `${urn}: ${message(e)}` });
    throw e;
  }
  s.record(step);
  return { id: undefined, state: {} };
}

function newStep(op: Step["op"], urn: string, reg: Registration): Step {
  return { op, urn, type: reg.type, name: reg.name, changed: [], replaces: [], deleteBeforeReplace: false };
}

async function custom(d: Deployment, urn: string, reg: Registration): Promise<pulumi.runtime.MockResourceResult> {
  const s = d.session;
  const old = d.oldByUrn.get(urn);
  const step = newStep(old ? "update" : "create", urn, reg);
  const fail = (error: string): never => {
    s.record({ ...step, error });
    throw new Error(error);
  };
  if (!reg.type.startsWith(`${DYNAMIC_PREFIX}:`) && !reg.type.startsWith(`${DYNAMIC_PREFIX}/`)) {
    return fail(`${urn}: only dynamic resources are supported (${DYNAMIC_PREFIX}/...), not ${reg.type}`);
  }
  if (reg.importId) {
    return fail(`${urn}: import is not supported (dynamic providers cannot import)`);
  }
  const secretIn = secretKeysOf(reg.object);
  const secretOut = new Set([...secretIn, ...reg.additionalSecretOutputs]);
  const olds = old ? plain(old.inputs) : {};
  let checked: Awaited<ReturnType<ProviderHost["check"]>>;
  try {
    checked = await s.call((h) => h.check(urn, olds, plain(reg.object)));
  } catch (e) {
    return fail(`${urn}: Check failed: ${message(e)}`);
  }
  if (checked.failures.length > 0) {
    const errors = checked.failures.map((f) => `${urn}: ${f.property}: ${f.reason}`);
    s.record({ ...step, error: errors[0] });
    s.errors.push(...errors.slice(1));
    throw new Error(errors.join("\n"));
  }
  const inputs = checked.inputs;
  const storedInputs = markSecrets(inputs, secretIn);
  step.changed = changedKeys(olds, inputs);

  const entry = (id: string | undefined, outputs: Props, initErrors?: string[]): ResourceState => ({
    urn,
    type: reg.type,
    name: reg.name,
    custom: true,
    ...(id !== undefined ? { id } : {}),
    parent: reg.parent,
    dependencies: reg.dependencies,
    inputs: storedInputs,
    outputs: markSecrets(outputs, secretOut),
    ...(initErrors && initErrors.length > 0 ? { initErrors } : {}),
  });
  /** Create (or Update), recording a partial failure in state as the engine does. */
  const write = async (what: "Create" | "Update"): Promise<ResourceState> => {
    s.requireSecretStorage(urn, secretOut);
    try {
      let id = old?.id;
      let properties: Props;
      if (what === "Create") {
        ({ id, properties } = await s.call((h) => h.create(urn, inputs)));
      } else {
        ({ properties } = await s.call((h) => h.update(urn, old!.id ?? "", plain(old!.outputs), inputs)));
      }
      const e = entry(id, properties);
      d.done.set(urn, e);
      d.checkpoint();
      return e;
    } catch (e) {
      if (e instanceof HostError && e.initFailure) {
        d.done.set(urn, entry(e.initFailure.id || old?.id, e.initFailure.properties, e.initFailure.reasons));
        d.checkpoint();
      }
      throw new Error(`${urn}: ${what} failed: ${message(e)}`);
    }
  };
  const result = (e: ResourceState): pulumi.runtime.MockResourceResult => ({ id: e.id, state: e.outputs });

  try {
    if (!old) {
      step.op = "create";
      step.changed = [];
      if (d.preview) {
        s.record(step);
        return { id: undefined, state: markSecrets(inputs, secretOut) };
      }
      const e = await write("Create");
      s.record(step);
      return result(e);
    }

    let diff: Awaited<ReturnType<ProviderHost["diff"]>>;
    try {
      diff = await s.call((h) => h.diff(urn, old.id ?? "", plain(old.outputs), inputs));
    } catch (e) {
      throw new Error(`${urn}: Diff failed: ${message(e)}`);
    }
    let changes = diff.changes;
    if (changes === "unknown") {
      // The provider left it to the engine: compare the inputs (a __provider change counts).
      changes = isDeepStrictEqual(olds, inputs) ? "none" : "some";
    }
    if (changes === "none" && old.initErrors) {
      changes = "some"; // the engine retries a partially failed resource with an update
    }

    if (changes === "none") {
      step.op = "same";
      const e: ResourceState = { ...entry(old.id, old.outputs) };
      if (!d.preview) {
        d.done.set(urn, e);
        d.checkpoint();
      }
      s.record(step);
      return result(e);
    }

    if (diff.replaces.length === 0) {
      step.op = "update";
      if (d.preview) {
        s.record(step);
        return { id: old.id, state: { ...markSecrets(old.outputs, secretOut), ...markSecrets(inputs, secretOut) } };
      }
      const e = await write("Update");
      s.record(step);
      return result(e);
    }

    step.op = "replace";
    step.replaces = diff.replaces;
    step.deleteBeforeReplace = reg.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    if (d.preview) {
      s.record(step);
      const state: Props = {};
      for (const k of Object.keys(old.outputs)) {
        state[k] = UNKNOWN; // not known until the new object exists
      }
      return { id: undefined, state: { ...state, ...markSecrets(inputs, secretOut) } };
    }
    if (step.deleteBeforeReplace) {
      s.requireSecretStorage(urn, secretOut);
      try {
        await s.call((h) => h.delete(urn, old.id ?? "", plain(old.outputs)));
      } catch (e) {
        throw new Error(`${urn}: Delete (before replace) failed: ${message(e)}`);
      }
      d.removed.add(old);
      d.checkpoint();
      const e = await write("Create");
      s.record(step);
      return result(e);
    }
    const e = await write("Create");
    // The old object stays until the program is done, then is deleted (pending delete).
    d.pendingDeletes.push({ ...old, delete: true });
    d.removed.add(old);
    d.checkpoint();
    s.record(step);
    return result(e);
  } catch (e) {
    return fail(message(e));
  }
}
