/**
 * The policy pack's rules (policy/), called as the policy SDK calls them: each policy's
 * `validateResource` / `validateStack` with the resource's properties behind the SDK's own
 * `unknownCheckingProxy`, where a value unknown in a preview is the engine's sentinel, and the
 * pack's config from `getConfig()`. What a rule reports is read from `reportViolation`; a rule that
 * could not decide throws the SDK's UnknownValueError, which the SDK reports as advisory.
 */
import assert from "node:assert/strict";
import * as policySdk from "@pulumi/policy";
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { policiesOf } from "../../../policy/src/policies";
import { RULES } from "../../../policy/src/rules";

const USER = "pulumi-nodejs:dynamic/vectara:User";
/** How the engine sends a string it does not know yet (the same in every Pulumi SDK). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** What this test writes for a value unknown in the preview. */
const UNKNOWN = Symbol("unknown");

const sdk = policySdk as unknown as {
  unknownCheckingProxy<T extends object>(props: T): T;
  UnknownValueError: new (...args: never[]) => Error;
};

/** The properties as the SDK hands them to a policy: behind its proxy, unknowns as the engine's sentinel. */
function props(value: Record<string, unknown>): Record<string, unknown> {
  const wire = (v: unknown): unknown =>
    v === UNKNOWN
      ? UNKNOWN_STRING
      : Array.isArray(v)
        ? v.map(wire)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wire(x)]))
          : v;
  return sdk.unknownCheckingProxy(wire(value) as Record<string, unknown>);
}

interface Declared {
  name: string;
  type?: string;
  props: Record<string, unknown>;
}

const urnOf = (d: Declared) => `urn:pulumi:dev::team::${d.type ?? USER}::${d.name}`;

/** What a policy reported: its violation lines, and the line of a "could not be checked" if it threw one. */
interface Outcome {
  violations: string[];
  unchecked?: string;
}

function policy(name: string) {
  const found = policiesOf(RULES).find((p) => p.name === name);
  assert.ok(found, `no policy ${name}`);
  return found;
}

async function capture(run: (report: (message: string) => void) => Promise<void> | void): Promise<Outcome> {
  const violations: string[] = [];
  try {
    await run((message) => violations.push(message));
  } catch (e) {
    if (e instanceof sdk.UnknownValueError) return { violations, unchecked: e.message };
    throw e;
  }
  return { violations };
}

/** `validateResource` of policy `name` on one resource. */
function onResource(name: string, declared: Declared, config: Record<string, unknown> = {}): Promise<Outcome> {
  const p = policy(name) as ResourceValidationPolicy;
  const args = {
    type: declared.type ?? USER,
    name: declared.name,
    urn: urnOf(declared),
    props: props(declared.props),
    getConfig: () => config,
  };
  return capture((report) =>
    (p.validateResource as (a: ResourceValidationArgs, r: typeof report) => void)(args as unknown as ResourceValidationArgs, report),
  );
}

/** `validateStack` of policy `name` on these resources. */
function onStack(name: string, declared: Declared[], config: Record<string, unknown> = {}): Promise<Outcome> {
  const p = policy(name) as StackValidationPolicy;
  const resources = declared.map(
    (d) => ({ type: d.type ?? USER, name: d.name, urn: urnOf(d), props: props(d.props) }) as unknown as PolicyResource,
  );
  return capture((report) => p.validateStack({ resources, getConfig: () => config } as unknown as StackValidationArgs, report));
}

const user = (name: string, values: Record<string, unknown>): Declared => ({ name, props: { email: `${name}@example.com`, ...values } });
const clean: Outcome = { violations: [] };

describe("policy pack rules (policy/), as the policy SDK runs them", () => {
  describe("every rule", () => {
    it("has the default level and settings the README documents, and defaults that report nothing on an ordinary user", async () => {
      assert.deepEqual(
        RULES.map((r) => `${r.name} ${r.enforcementLevel} ${Object.keys(r.configSchema?.properties ?? {}).join(",")}`),
        [
          "vectara-email-domains mandatory domains,allowSubdomains",
          "vectara-privileged-role-holders mandatory owners,administrators",
          "vectara-privileged-role-count mandatory maxOwners,maxAdministrators",
          "vectara-disabled-user-roles advisory ",
          "vectara-second-reviewer advisory roles",
          "vectara-one-resource-per-user mandatory ",
        ],
      );
      const ada = user("ada", {
        email: "ada@anywhere.org",
        apiRoles: ["owner", "administrator"],
        corpusRoles: [{ corpusKey: "kb", role: "owner" }],
      });
      for (const rule of RULES) {
        const outcome =
          "checkStack" in rule ? await onStack(rule.name, [ada, user("bob", { apiRoles: ["owner"] })]) : await onResource(rule.name, ada);
        assert.deepEqual(outcome, clean, rule.name);
      }
    });

    it("ignores resources of other types", async () => {
      const other = { name: "bucket", type: "aws:s3/bucket:Bucket", props: { email: "x@evil.com", apiRoles: ["owner"], enabled: false } };
      assert.deepEqual(await onResource("vectara-email-domains", other, { domains: ["example.com"] }), clean);
      assert.deepEqual(await onResource("vectara-disabled-user-roles", other), clean);
      assert.deepEqual(await onStack("vectara-privileged-role-count", [other, other], { maxOwners: 0 }), clean);
    });

    it("refuse a setting they do not know, naming it and the ones they take (a misspelt allowlist must not turn a rule off)", async () => {
      await assert.rejects(onResource("vectara-email-domains", user("ada", {}), { domain: ["example.com"] }), {
        message: `the pack's config for vectara-email-domains has "domain", which it does not know: its settings are domains, allowSubdomains (and enforcementLevel)`,
      });
      await assert.rejects(onStack("vectara-one-resource-per-user", [], { max: 1 }), {
        message: `the pack's config for vectara-one-resource-per-user has "max", which it does not know: it takes only enforcementLevel`,
      });
    });
  });

  describe("vectara-email-domains", () => {
    const rule = "vectara-email-domains";
    const cases: [string, string, Record<string, unknown>, boolean][] = [
      ["an allowed domain", "ada@example.com", { domains: ["example.com"] }, true],
      ["case-insensitively, both sides", "Ada@EXAMPLE.com", { domains: [" Example.COM "] }, true],
      ["one of several", "ada@example.org", { domains: ["example.com", "example.org"] }, true],
      ["written with its @", "ada@example.com", { domains: ["@example.com"] }, true],
      ["a subdomain, not asked for", "ada@eu.example.com", { domains: ["example.com"] }, false],
      ["a subdomain, asked for", "ada@eu.example.com", { domains: ["example.com"], allowSubdomains: true }, true],
      ["a look-alike is no subdomain", "ada@badexample.com", { domains: ["example.com"], allowSubdomains: true }, false],
      ["the parent of an allowed domain", "ada@example.com", { domains: ["eu.example.com"], allowSubdomains: true }, false],
      ["another domain", "ada@evil.com", { domains: ["example.com"] }, false],
      ["no domains configured (the default): no check", "ada@evil.com", {}, true],
    ];
    for (const [what, email, config, passes] of cases) {
      it(`${passes ? "passes" : "fails"}: ${what}`, async () => {
        const outcome = await onResource(rule, user("ada", { email }), config);
        assert.equal(outcome.violations.length, passes ? 0 : 1, JSON.stringify(outcome));
        assert.equal(outcome.unchecked, undefined);
      });
    }

    it("names the resource, the person, the rule and the fix in one line", async () => {
      assert.deepEqual(
        await onResource(rule, user("eve", { email: "eve@evil.com" }), { domains: ["example.com", "example.org"], allowSubdomains: true }),
        {
          violations: [
            `eve (eve@evil.com): the email domain evil.com is not allowed, only example.com and example.org and their subdomains (vectara-email-domains); fix: give the user an address in an allowed domain, or add evil.com to "domains" in the pack's config`,
          ],
        },
      );
    });

    it("an email unknown in the preview is reported as not checked, neither passed nor failed", async () => {
      assert.deepEqual(await onResource(rule, user("mia", { email: UNKNOWN }), { domains: ["example.com"] }), {
        violations: [],
        unchecked:
          "mia (email not known in this preview): its email is an output of another resource, known only when `pulumi up` runs (which checks it before it writes the user); allowed domains: example.com",
      });
      assert.deepEqual(await onResource(rule, user("mia", { email: UNKNOWN }), {}), clean, "no domains: nothing to check");
    });
  });

  describe("vectara-privileged-role-holders", () => {
    const rule = "vectara-privileged-role-holders";
    const config = { owners: ["Ada@Example.com"], administrators: ["grace@example.com"] };

    it("passes the people on the allowlists (emails compare case-insensitively) and everyone without those roles", async () => {
      assert.deepEqual(await onResource(rule, user("ada", { apiRoles: ["owner"] }), config), clean);
      assert.deepEqual(await onResource(rule, user("grace", { apiRoles: ["administrator", "viewer"] }), config), clean);
      assert.deepEqual(
        await onResource(rule, user("bob", { apiRoles: ["viewer"], corpusRoles: [{ corpusKey: "kb", role: "owner" }] }), config),
        clean,
      );
    });

    it("fails anyone else holding the API role, one line per role", async () => {
      assert.deepEqual(await onResource(rule, user("bob", { apiRoles: ["owner", "administrator"] }), config), {
        violations: [
          `bob (bob@example.com): holds the API role owner, and only ada@example.com may hold it (vectara-privileged-role-holders); fix: remove owner from its apiRoles, or add bob@example.com to "owners" in the pack's config`,
          `bob (bob@example.com): holds the API role administrator, and only grace@example.com may hold it (vectara-privileged-role-holders); fix: remove administrator from its apiRoles, or add bob@example.com to "administrators" in the pack's config`,
        ],
      });
      assert.equal(
        (await onResource(rule, user("grace", { apiRoles: ["owner"] }), config)).violations.length,
        1,
        "an administrator is no owner",
      );
    });

    it("an empty allowlist (the default) leaves that role to anyone", async () => {
      assert.deepEqual(await onResource(rule, user("bob", { apiRoles: ["administrator"] }), { owners: ["ada@example.com"] }), clean);
    });

    it("roles or an email unknown in the preview: not checked, unless the person is on the list anyway", async () => {
      const unknownRole = await onResource(rule, user("bob", { apiRoles: ["viewer", UNKNOWN] }), config);
      assert.equal(unknownRole.violations.length, 0);
      assert.match(
        unknownRole.unchecked!,
        /^bob \(bob@example\.com\): it may not hold the API role owner \(only ada@example\.com may hold it\), and its API roles are an output of another resource/,
      );
      assert.ok((await onResource(rule, user("bob", { apiRoles: UNKNOWN }), config)).unchecked, "the whole list unknown");
      assert.deepEqual(
        await onResource(rule, user("ada", { email: "ada@example.com", apiRoles: UNKNOWN }), { owners: ["ada@example.com"] }),
        clean,
      );
      const unknownEmail = await onResource(rule, user("x", { email: UNKNOWN, apiRoles: ["owner"] }), config);
      assert.match(unknownEmail.unchecked!, /^x \(email not known in this preview\): it holds the API role owner/);
    });
  });

  describe("vectara-privileged-role-count", () => {
    const rule = "vectara-privileged-role-count";
    const owners = ["ada", "bob", "cy"].map((n) => user(n, { apiRoles: ["owner"] }));

    it("passes up to the maximum, and without one (the default)", async () => {
      assert.deepEqual(await onStack(rule, owners, { maxOwners: 3 }), clean);
      assert.deepEqual(await onStack(rule, owners, {}), clean);
      assert.deepEqual(await onStack(rule, owners, { maxAdministrators: 0 }), clean, "owners are no administrators");
    });

    it("fails above it, naming every holder", async () => {
      assert.deepEqual(await onStack(rule, owners, { maxOwners: 2 }), {
        violations: [
          `ada (ada@example.com), bob (bob@example.com) and cy (cy@example.com): 3 resources grant the API role owner, and at most 2 may (vectara-privileged-role-count); fix: remove owner from 1 of them, or raise "maxOwners" in the pack's config`,
        ],
      });
      assert.equal(
        (await onStack(rule, [user("ada", { apiRoles: ["administrator"] })], { maxAdministrators: 0 })).violations.length,
        1,
        "0: nobody",
      );
    });

    it("not checked when resources whose roles are unknown could cross the maximum; failed when the known ones already do", async () => {
      const maybe = user("mia", { apiRoles: UNKNOWN });
      const open = await onStack(rule, [...owners, maybe], { maxOwners: 3 });
      assert.equal(open.violations.length, 0);
      assert.match(
        open.unchecked!,
        /^mia \(mia@example\.com\): 3 other resources grant the API role owner \(at most 3 may\), and the API roles of these are outputs of other resources/,
      );
      assert.deepEqual(await onStack(rule, [...owners, maybe], { maxOwners: 4 }), clean, "even if mia is an owner, 4 is allowed");
      assert.equal((await onStack(rule, [...owners, maybe], { maxOwners: 2 })).violations.length, 1);
    });
  });

  describe("app clients (VectaraAppClient): machines with API roles", () => {
    const APP_CLIENT = "pulumi-nodejs:dynamic/vectara:AppClient";
    const pipeline = (apiRoles: unknown): Declared => ({ name: "pipeline", type: APP_CLIENT, props: { name: "pipeline", apiRoles } });

    it("count toward the maximum of a privileged role, named by resource and kind", async () => {
      const owners = [user("ada", { apiRoles: ["owner"] }), pipeline(["owner", "corpus_administrator"])];
      assert.deepEqual(await onStack("vectara-privileged-role-count", owners, { maxOwners: 2 }), clean);
      assert.deepEqual(await onStack("vectara-privileged-role-count", owners, { maxOwners: 1 }), {
        violations: [
          `ada (ada@example.com) and pipeline (VectaraAppClient): 2 resources grant the API role owner, and at most 1 may (vectara-privileged-role-count); fix: remove owner from 1 of them, or raise "maxOwners" in the pack's config`,
        ],
      });
      const unknown = await onStack("vectara-privileged-role-count", [user("ada", { apiRoles: ["owner"] }), pipeline(UNKNOWN)], {
        maxOwners: 1,
      });
      assert.match(unknown.unchecked!, /^pipeline \(VectaraAppClient\): 1 other resource grants the API role owner/);
    });

    it("are reported by the second-reviewer rule like anyone, and passed by the rules about people", async () => {
      const admin = pipeline(["administrator"]);
      assert.equal((await onResource("vectara-second-reviewer", admin, { roles: ["administrator"] })).violations.length, 1);
      assert.match(
        (await onResource("vectara-second-reviewer", admin, { roles: ["administrator"] })).violations[0],
        /^pipeline \(VectaraAppClient\)/,
      );
      assert.deepEqual(await onResource("vectara-email-domains", admin, { domains: ["example.com"] }), clean);
      assert.deepEqual(await onResource("vectara-privileged-role-holders", admin, { administrators: ["ada@example.com"] }), clean);
      assert.deepEqual(await onResource("vectara-disabled-user-roles", admin), clean);
      assert.deepEqual(
        await onStack("vectara-one-resource-per-user", [admin, { ...admin, name: "pipeline-2" }]),
        clean,
        "names are not unique",
      );
    });
  });

  describe("vectara-disabled-user-roles", () => {
    const rule = "vectara-disabled-user-roles";

    it("passes an enabled user with roles and a disabled user without", async () => {
      assert.deepEqual(await onResource(rule, user("ada", { apiRoles: ["owner"] })), clean);
      assert.deepEqual(
        await onResource(rule, user("ada", { enabled: true, agentRoles: [{ agentKey: "bot", role: "agent_user" }] })),
        clean,
      );
      assert.deepEqual(await onResource(rule, user("margaret", { enabled: false, apiRoles: [], corpusRoles: [] })), clean);
    });

    it("fails a disabled user with API, corpus or agent roles, naming them", async () => {
      const margaret = user("margaret", {
        enabled: false,
        apiRoles: ["viewer"],
        corpusRoles: [{ corpusKey: "handbook", role: "editor" }],
        agentRoles: [{ agentKey: "support-bot", role: "agent_user" }],
      });
      assert.deepEqual(await onResource(rule, margaret), {
        violations: [
          "margaret (margaret@example.com): is disabled (enabled: false) but keeps API role viewer, corpus role editor on handbook and agent role agent_user on support-bot (vectara-disabled-user-roles); fix: remove its roles (apiRoles, corpusRoles, agentRoles), or enable it",
        ],
      });
    });

    it("not checked when `enabled` or the roles of a disabled user are unknown", async () => {
      assert.match(
        (await onResource(rule, user("x", { enabled: UNKNOWN, apiRoles: ["viewer"] }))).unchecked!,
        /^x \(x@example\.com\): whether it is enabled is an output/,
      );
      assert.match(
        (await onResource(rule, user("x", { enabled: false, corpusRoles: UNKNOWN }))).unchecked!,
        /^x \(x@example\.com\): its roles are an output/,
      );
      assert.deepEqual(await onResource(rule, user("x", { enabled: UNKNOWN })), clean, "no roles: nothing to keep");
    });
  });

  describe("vectara-second-reviewer", () => {
    const rule = "vectara-second-reviewer";
    const config = { roles: ["owner", "corpus:owner", "agent:agent_administrator"] };

    it("reports each listed role a resource grants, API roles by name and others by scope", async () => {
      const ada = user("ada", {
        apiRoles: ["owner", "viewer"],
        corpusRoles: [
          { corpusKey: "handbook", role: "owner" },
          { corpusKey: "faq", role: "viewer" },
        ],
        agentRoles: [{ agentKey: "bot", role: "agent_administrator" }],
      });
      assert.deepEqual(await onResource(rule, ada, config), {
        violations: [
          "ada (ada@example.com): is granted API role owner, corpus role owner on handbook and agent role agent_administrator on bot, which need a second reviewer (vectara-second-reviewer); fix: have someone other than the change's author approve this preview before `pulumi up`",
        ],
      });
      assert.deepEqual(
        await onResource(rule, user("bob", { corpusRoles: [{ corpusKey: "kb", role: "administrator" }], apiRoles: ["viewer"] }), config),
        clean,
      );
      assert.deepEqual(await onResource(rule, ada, {}), clean, "no roles listed (the default)");
    });

    it("not checked when roles are unknown", async () => {
      assert.match(
        (await onResource(rule, user("x", { apiRoles: UNKNOWN }), config)).unchecked!,
        /^x \(x@example\.com\): its roles are an output/,
      );
    });
  });

  describe("vectara-one-resource-per-user", () => {
    const rule = "vectara-one-resource-per-user";

    it("passes distinct users, and usernames that differ in case (Vectara tells them apart)", async () => {
      assert.deepEqual(
        await onStack(rule, [
          user("ada", {}),
          user("bob", {}),
          user("c1", { username: "Cy" }),
          user("c2", { email: "cy@example.org", username: "cy" }),
        ]),
        clean,
      );
    });

    it("fails two resources naming one username (the email is the default username) or one email (case-insensitively)", async () => {
      const byUsername = await onStack(rule, [
        user("ada", { email: "ada@example.com" }),
        user("ada2", { email: "ada@example.org", username: "ada@example.com" }),
      ]);
      assert.deepEqual(byUsername.violations, [
        "ada (ada@example.com) and ada2 (ada@example.org): 2 resources name the username ada@example.com (vectara-one-resource-per-user); fix: keep one resource per user: remove the others (to rename a resource, give it the `aliases` option with its old name instead of a copy)",
      ]);
      const byEmail = await onStack(rule, [
        user("ada", { email: "ada@example.com", username: "ada" }),
        user("ada2", { email: "ADA@example.com", username: "ada2" }),
      ]);
      assert.deepEqual(byEmail.violations, [
        "ada (ada@example.com) and ada2 (ADA@example.com): 2 resources name the email ada@example.com (vectara-one-resource-per-user); fix: keep one resource per user: remove the others",
      ]);
    });

    it("not checked while a username or email is unknown", async () => {
      const outcome = await onStack(rule, [user("ada", {}), user("mia", { email: UNKNOWN })]);
      assert.match(
        outcome.unchecked!,
        /^mia \(email not known in this preview\): their usernames or emails are outputs of other resources/,
      );
    });
  });
});
