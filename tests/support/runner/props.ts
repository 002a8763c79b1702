/** Property values on their way between state, the provider host, and what a run displays. */
import { isDeepStrictEqual } from "node:util";
import { UNKNOWN } from "../host";
import { RESOURCE_SIG, SIG_KEY, containsSecret, isSecret, secret, unwrapSecrets, type Props } from "./state";

const PROVIDER_KEY = "__provider";

/** What the host gets: secrets unwrapped (it accepts none), resource references as their id (or URN). */
function toProvider(v: unknown): unknown {
  if (isSecret(v)) {
    return toProvider(unwrapSecrets(v));
  }
  if (Array.isArray(v)) {
    return v.map(toProvider);
  }
  if (typeof v === "object" && v !== null) {
    const o = v as Props;
    if (o[SIG_KEY] === RESOURCE_SIG) {
      return typeof o.id === "string" && o.id !== "" ? o.id : o.id === "" ? UNKNOWN : o.urn;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, toProvider(x)]));
  }
  return v;
}

export function plain(props: Props): Props {
  return toProvider(props) as Props;
}

/** Wraps the listed top-level keys as secrets (already wrapped values stay as they are). */
export function markSecrets(props: Props, keys: Set<string>): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) {
    out[k] = keys.has(k) && !isSecret(v) ? secret(v) : v;
  }
  return out;
}

export function secretKeysOf(props: Props): Set<string> {
  return new Set(Object.keys(props).filter((k) => containsSecret(props[k])));
}

/** Keys whose values differ; `__provider` counts only when nothing else differs. */
export function changedKeys(olds: Props, news: Props): string[] {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !isDeepStrictEqual(olds[k], news[k]));
  const others = keys.filter((k) => k !== PROVIDER_KEY);
  return others.length > 0 ? others.sort() : keys;
}

/** Stack outputs for display. */
export function display(v: unknown): unknown {
  if (isSecret(v)) {
    return "[secret]";
  }
  if (v === UNKNOWN) {
    return "[unknown]";
  }
  if (Array.isArray(v)) {
    return v.map(display);
  }
  if (typeof v === "object" && v !== null) {
    const o = v as Props;
    if (o[SIG_KEY] === RESOURCE_SIG) {
      return o.urn;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, display(x)]));
  }
  return v;
}
