/**
 * The public argument types as a user's TypeScript compiler sees them (the built .d.ts files of
 * `pulumi-vectara`, as `npm test` builds them): optional inputs take `undefined` under
 * `exactOptionalPropertyTypes`, and a UserPasswordReset given both `user` and `username`, or
 * neither, does not compile. The cases are in fixtures/args.ts.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

const FIXTURE = path.join(__dirname, "fixtures", "args.ts");

/** A strict project like `pulumi new typescript` makes, plus `extra`. */
function compile(extra: ts.CompilerOptions, text = fs.readFileSync(FIXTURE, "utf8")): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ["node"],
    skipLibCheck: true,
    ...extra,
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    path.resolve(file) === FIXTURE ? ts.createSourceFile(file, text, language) : read(file, language, ...rest);
  const program = ts.createProgram([FIXTURE], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
    return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

describe("argument types, as a user's compiler sees them", function () {
  this.timeout(120_000);

  it("compile under exactOptionalPropertyTypes, every @ts-expect-error refused", () => {
    assert.deepEqual(compile({ exactOptionalPropertyTypes: true }), []);
  });

  it("compile in a strict project without it", () => {
    assert.deepEqual(compile({}), []);
  });

  it("refuse both-or-neither for the reason the fixture says, on exactly those lines", () => {
    const text = fs.readFileSync(FIXTURE, "utf8");
    const expected = text.split("\n").flatMap((line, i) => (line.startsWith("// @ts-expect-error") ? [`args.ts:${i + 2}`] : []));
    const errors = compile({ exactOptionalPropertyTypes: true }, text.replaceAll("// @ts-expect-error", "//"));
    assert.deepEqual(
      errors.map((e) => e.split(" ")[0]),
      expected,
      errors.join("\n"),
    );
    for (const e of errors) assert.match(e, /UserPasswordResetArgs/);
  });
});
