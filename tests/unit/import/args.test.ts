/** The command line of `pulumi-vectara import`: each flag, and a clear error for each mistake. */
import assert from "node:assert/strict";
import { parseArgs, UsageError } from "../../../provider/cli/import/args";

const parse = (...argv: string[]) => parseArgs(argv);
const refused = (argv: string[], message: RegExp) =>
  assert.throws(
    () => parseArgs(argv),
    (e: Error) => e instanceof UsageError && message.test(e.message),
  );

describe("import: command line", () => {
  it("defaults: TypeScript into index.ts, stack config read, nothing forced", () => {
    assert.deepEqual(parse("import"), {
      command: "import",
      args: { format: "typescript", out: "index.ts", force: false, dryRun: false, stackConfig: true, usersOnly: false },
    });
    assert.equal((parse("import", "--format", "roster") as any).args.out, "roster.json");
  });

  it("every flag, with a value after it or after =", () => {
    assert.deepEqual(parse("import", "--format=roster", "--out", "-", "--force", "--dry-run", "--corpus-key", "docs_1", "--stack=dev"), {
      command: "import",
      args: {
        format: "roster",
        out: "-",
        force: true,
        dryRun: true,
        corpusKey: "docs_1",
        stack: "dev",
        stackConfig: true,
        usersOnly: true, // a roster holds people only
      },
    });
    assert.equal((parse("import", "--no-stack-config") as any).args.stackConfig, false);
    assert.equal((parse("import", "--users-only") as any).args.usersOnly, true);
    assert.throws(() => parse("import", "--users-only=yes"), /--users-only takes no value/);
  });

  it("help and version", () => {
    assert.deepEqual(parse("--help"), { command: "help" });
    assert.deepEqual(parse("import", "-h"), { command: "help" });
    assert.deepEqual(parse("--version"), { command: "version" });
  });

  it("mistakes name the flag and what would work", () => {
    refused([], /missing the command/);
    refused(["export"], /unknown command "export": the command is `import`/);
    refused(["import", "--format", "yaml"], /--format must be typescript or roster, got "yaml"/);
    refused(["import", "--out"], /--out needs a value/);
    refused(["import", "--out", "--force"], /--out needs a value/);
    refused(["import", "--out="], /--out needs a file name, or "-" for stdout/);
    refused(["import", "--force=yes"], /--force takes no value/);
    refused(["import", "--api-key", "zut_x"], /unknown option --api-key/);
    refused(["import", "stray"], /unexpected argument "stray"/);
    refused(["import", "--stack", "a", "--stack", "b"], /--stack is given twice/);
    refused(["import", "--stack", "a", "--no-stack-config"], /contradict/);
    refused(["import", "--corpus-key", "my docs"], /"my docs" at --corpus-key contains " "/);
  });
});
