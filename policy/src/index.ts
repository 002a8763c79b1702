/**
 * pulumi-vectara-policy: access guardrails for Vectara users, run by `pulumi preview` and
 * `pulumi up` with `--policy-pack <this package's folder>`. Every rule's level and parameters
 * come from `--policy-pack-config`; the defaults break nothing (see the README).
 */
import { PolicyPack } from "@pulumi/policy";
import { policiesOf } from "./policies";
import { RULES } from "./rules";

new PolicyPack("vectara-access", { policies: policiesOf(RULES) });
