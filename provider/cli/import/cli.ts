#!/usr/bin/env node
/** The `pulumi-vectara` bin (package.json): `pulumi-vectara import [options]`; see command.ts. */
import { main } from "./command";

void main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
