/**
 * The SDK's runtime is process-global and the program runs in this process (the engine would run
 * a separate language host): a run saves it, and the unhandledRejection listeners, and puts them
 * back afterwards.
 */

// Internal SDK module (the same instance `@pulumi/pulumi` uses): not typed publicly.
const sdkState: any = require("@pulumi/pulumi/runtime/state");

/** Saves what a run changes in the SDK's process-global runtime, to put it back afterwards. */
function saveRuntime(): () => void {
  const store = sdkState.getStore();
  const settings = { ...store.settings, options: { ...store.settings.options } };
  const config = { ...store.config };
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(store)) {
    if (k !== "settings" && k !== "config") {
      fields[k] = store[k];
    }
  }
  const globalStack = (globalThis as any).stackResource;
  return () => {
    store.settings = settings;
    store.config = config;
    Object.assign(store, fields);
    (globalThis as any).stackResource = globalStack;
  };
}

export interface IsolatedRuntime {
  /** Rejections nobody handled since `isolateRuntime`: the program's, reported as run errors. */
  readonly unhandled: unknown[];
  /** Puts back the listeners and the runtime as they were before `isolateRuntime`. */
  restore(): void;
}

/** Saves the runtime and swaps the unhandledRejection listeners for one that collects. */
export function isolateRuntime(): IsolatedRuntime {
  const restoreRuntime = saveRuntime();
  const savedListeners = process.listeners("unhandledRejection");
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", onUnhandled);
  return {
    unhandled,
    restore() {
      process.removeListener("unhandledRejection", onUnhandled);
      for (const l of savedListeners) {
        process.on("unhandledRejection", l);
      }
      restoreRuntime();
    },
  };
}

export const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
