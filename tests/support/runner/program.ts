/**
 * Runs a program under the SDK's mocks. The mock monitor's MockResourceArgs lack what the engine
 * needs (parent, dependencies, options), so its RegisterResourceRequests are read first, queued
 * per type and name, and handed to the `register` hook with the mock call they belong to.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { message } from "./errors";
import { settle } from "./runtime";
import type { Session } from "./session";
import type { Props } from "./state";
import type { StackOptions } from "./types";

// Internal SDK modules (the same instances `@pulumi/pulumi` uses): not all of this is typed publicly.
const sdkSettings: any = require("@pulumi/pulumi/runtime/settings");
const sdkStack: any = require("@pulumi/pulumi/runtime/stack");

/** What the mock monitor's MockResourceArgs leaves out, taken from the RegisterResourceRequest. */
export interface Registration {
  type: string;
  name: string;
  parent: string;
  dependencies: string[];
  additionalSecretOutputs: string[];
  deleteBeforeReplace?: boolean;
  importId: string;
  /** The request's object as serialized by the SDK: secrets wrapped, unknowns as the sentinel. */
  object: Props;
  ignored: string[];
}

export interface ProgramHooks {
  register(args: pulumi.runtime.MockResourceArgs, reg: Registration): Promise<pulumi.runtime.MockResourceResult>;
  /** `urn` is the program's (the mock monitor's), not the engine's. */
  onOutputs(urn: string, outputs: Props): void;
}

/** Runs the program to the end (a failure is a run error) and waits for its registrations. */
export async function runUnderMocks(s: Session, program: StackOptions["program"], preview: boolean, hooks: ProgramHooks): Promise<void> {
  const registrations = new Map<string, Registration[]>();
  const take = (type: string, name: string): Registration => {
    const queue = registrations.get(`${type}\0${name}`);
    const reg = queue?.shift();
    if (!reg) {
      throw new Error(`${type} ${name}: reading existing resources (get/ReadResource) is not supported by this runner`);
    }
    return reg;
  };

  pulumi.runtime.setAllConfig(s.config, s.secretConfigKeys);
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => hooks.register(args, take(args.type, args.name)),
      call: (args) => {
        throw new Error(`invoke ${args.token}: provider functions are not supported by this runner`);
      },
    },
    s.project,
    s.stack,
    preview,
  );
  const monitor = sdkSettings.getMonitor();
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    const key = `${req.getType()}\0${req.getName()}`;
    const ignored: string[] = [];
    if (req.getProtect()) ignored.push("protect");
    if (req.getIgnorechangesList().length) ignored.push("ignoreChanges");
    if (req.getReplaceonchangesList().length) ignored.push("replaceOnChanges");
    if (req.hasRetainondelete?.() && req.getRetainondelete()) ignored.push("retainOnDelete");
    if (req.getDeletedwith()) ignored.push("deletedWith");
    if (req.hasReplacementTrigger?.()) ignored.push("replacementTrigger");
    if (req.getAliasesList().length || req.getAliasurnsList().length) ignored.push("aliases");
    if (req.getHidediffsList?.().length) ignored.push("hideDiffs");
    const timeouts = req.getCustomtimeouts();
    if (timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())) ignored.push("customTimeouts");
    const queue = registrations.get(key) ?? [];
    queue.push({
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
      importId: req.getImportid(),
      object: (req.getObject()?.toJavaScript() ?? {}) as Props,
      ignored,
    });
    registrations.set(key, queue);
    return registerResource(req, callback);
  };
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: any) => {
    hooks.onOutputs(req.getUrn(), (req.getOutputs()?.toJavaScript() ?? {}) as Props);
    return registerResourceOutputs(req, callback);
  };

  try {
    await sdkStack.runInPulumiStack(() => loadProgram(program));
  } catch (e) {
    s.error(`program failed: ${message(e)}`);
  }
  await sdkSettings.waitForRPCs();
  await settle();
}

async function loadProgram(program: StackOptions["program"]): Promise<unknown> {
  if (typeof program === "function") {
    return await program();
  }
  const file = require.resolve(path.resolve(program));
  forget(file, path.dirname(file));
  const exported = require(file);
  // As the SDK's language host does: an exported function is the program.
  return await (typeof exported === "function" ? exported() : exported);
}

/** Drops a module and the modules it required from under `dir` (not node_modules) from require.cache. */
function forget(file: string, dir: string): void {
  const m = require.cache[file];
  if (!m) {
    return;
  }
  delete require.cache[file];
  for (const child of m.children) {
    if (child.filename.startsWith(dir + path.sep) && !child.filename.includes(`${path.sep}node_modules${path.sep}`)) {
      forget(child.filename, dir);
    }
  }
}
