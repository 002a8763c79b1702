// The users a test declares, as JSON in the file that config `users` names: one program that
// tests/engine/mini-engine.test.ts runs both inline (in the test's process) and with plain
// `pulumi` in this folder, to hold the two ways of running a program to the same result.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { VectaraUser, type VectaraUserArgs } from "pulumi-vectara";

const declared: Record<string, VectaraUserArgs> = JSON.parse(fs.readFileSync(new pulumi.Config().require("users"), "utf8"));
for (const [name, args] of Object.entries(declared)) new VectaraUser(name, args);
