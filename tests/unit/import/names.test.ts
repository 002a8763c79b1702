/** Resource names from usernames: short, unique, and the same for the same account whatever the order. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { nameOnRung, resourceNames, slug } from "../../../provider/cli/import/names";

const names = (usernames: string[]) => Object.fromEntries(resourceNames(usernames));

describe("import: resource names from usernames", () => {
  it("an email's part before @, as lower-case letters, digits and hyphens", () => {
    assert.deepEqual(names(["Ada.Lovelace@example.com", "grace", "José_Núñez@example.es"]), {
      "Ada.Lovelace@example.com": "ada-lovelace",
      grace: "grace",
      "José_Núñez@example.es": "jose-nunez",
    });
  });

  it("colliding short names climb to the whole username, together; the others keep theirs", () => {
    assert.deepEqual(names(["ada@example.com", "ada@other.org", "bob@example.com"]), {
      "ada@example.com": "ada-example-com",
      "ada@other.org": "ada-other-org",
      "bob@example.com": "bob",
    });
  });

  it("a username equal to another's short name makes both climb", () => {
    assert.deepEqual(names(["ada", "ada@example.com"]), { ada: "ada", "ada@example.com": "ada-example-com" }, "ada's rung 2 is still ada");
  });

  it("usernames that differ only in case or punctuation get a digest of the exact username", () => {
    const result = names(["Ada@Example.com", "ada@example.com", "ada@example-com"]);
    for (const name of Object.values(result)) assert.match(name, /^ada-example-com-[0-9a-f]{8}$/);
    assert.equal(new Set(Object.values(result)).size, 3);
    assert.equal(result["ada@example.com"], nameOnRung("ada@example.com", 3));
  });

  it("a username with nothing usable becomes user-<digest>, never empty", () => {
    const result = names(["李@例子.中国", "王@例子.中国"]);
    for (const name of Object.values(result)) assert.match(name, /^user-[0-9a-f]{8}$/);
    assert.equal(new Set(Object.values(result)).size, 2);
    assert.equal(slug("  --  "), "");
  });

  it("long usernames are cut to 60 characters, without a trailing hyphen", () => {
    const name = names([`${"a".repeat(59)}-b@example.com`])[`${"a".repeat(59)}-b@example.com`];
    assert.equal(name, "a".repeat(59));
  });

  it("property: names are unique, depend only on the set of usernames (not their order), and are stable per username", () => {
    const username = fc.oneof(
      fc.constantFrom(
        "ada@example.com",
        "ada@other.org",
        "ada",
        "Ada@Example.com",
        "a.da@x.io",
        "a-da@x.io",
        "ada-example-com",
        "李@x.cn",
        "@",
        "-",
      ),
      fc.string({ minLength: 1, maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(username, { minLength: 1, maxLength: 40 }), (usernames) => {
        const forward = resourceNames(usernames);
        const backward = resourceNames([...usernames].reverse());
        assert.equal(new Set(forward.values()).size, usernames.length, "unique");
        for (const u of usernames) {
          assert.equal(forward.get(u), backward.get(u), "order does not matter");
          assert.match(forward.get(u)!, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
