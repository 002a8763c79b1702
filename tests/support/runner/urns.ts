/** Resource types and URNs: the engine's, the SDK mock monitor's, and the short form for log lines. */

export const STACK_TYPE = "pulumi:pulumi:Stack";
export const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";

export function displayType(type: string): string {
  return type.startsWith(`${DYNAMIC_PREFIX}/`) ? type.slice(DYNAMIC_PREFIX.length + 1) : type;
}

/**
 * The engine's URN: a child's type is qualified by its parent's qualified type, except for
 * children of the stack. (The SDK's mock monitor builds URNs differently, with the stack type and
 * only the parent's last type segment: those are what the program sees as `resource.urn`.)
 */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  const parentType = parent ? parent.split("::")[2] : "";
  if (parentType && parentType !== STACK_TYPE) {
    type = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** The URN the SDK's MockMonitor gives the program (runtime/mocks.js newUrn). */
export function mockUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  if (parent) {
    type = `${parent.split("::")[2].split("$").pop()}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}
