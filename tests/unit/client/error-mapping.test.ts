import assert from "node:assert/strict";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, VectaraEmulator } from "vectara-emulator";
import { OutcomeUnknownError, UsersClient, VectaraApiError, isConflict, isNotFound, type ApiRole } from "../../../provider/client";
import { FAST, allowInvalid, keyClient, oauthClient, rejection, uniqueEmail, useEmulator } from "./helpers";

const REQUEST_ID = /\(request req_[0-9a-f]+\)$/;

describe("error mapping (emulator)", () => {
  const emu = useEmulator({
    apiKeys: { zut_admin_key_for_errors: ["administrator"], zut_viewer_key_for_errors: ["corpus_viewer"] },
  });
  const admin = () => keyClient(emu(), { apiKey: "zut_admin_key_for_errors" });

  it("400: messages, fieldErrors and a message that lists them", async () => {
    const e = await rejection(() => admin().create({ email: "not-an-email", apiRoles: ["corpus_admin" as ApiRole] }));
    allowInvalid(emu()); // sent invalid on purpose
    assert.ok(e instanceof VectaraApiError);
    assert.equal(e.status, 400);
    assert.equal(e.statusText, "Bad Request");
    assert.equal(e.method, "POST");
    assert.equal(e.path, "/v2/users");
    assert.ok(e.messages.length > 0);
    assert.ok(
      Object.keys(e.fieldErrors).some((k) => k.startsWith("email")),
      JSON.stringify(e.fieldErrors),
    );
    assert.ok(
      Object.keys(e.fieldErrors).some((k) => k.startsWith("api_roles")),
      JSON.stringify(e.fieldErrors),
    );
    // The emulator says each field's problem in `messages` too: the message quotes it once, with single separators.
    assert.match(
      e.message,
      /^Vectara API 400 Bad Request on POST \/v2\/users: Invalid request body; email: must match format "email" \(got "not-an-email"\); api_roles\[0\]: must be one of: /,
    );
    assert.equal(e.message.split('email: must match format "email"').length, 2, e.message);
    assert.doesNotMatch(e.message, /\.;|field errors/);
    assert.match(e.message, REQUEST_ID);
    assert.match(e.requestId!, /^req_/);
    assert.equal(e.retryable, false);
  });

  it("401: says the API key was rejected or expired, without the key", async () => {
    const client = new UsersClient({ apiKey: "zut_not_registered_1", baseUrl: emu().url, ...FAST }, {});
    const e = await rejection(() => client.listPage());
    assert.equal(e.status, 401);
    assert.equal(e.statusText, "Unauthorized");
    assert.match(
      e.message,
      /^Vectara API 401 Unauthorized on GET \/v2\/users: Invalid API key; the API key was rejected or has expired; the users API may require OAuth client credentials instead of an API key: pass the clientId and clientSecret options \(or set VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET\) and no apiKey \(request req_/,
    );
    assert.ok(!e.message.includes("zut_not_registered_1"));
    assert.match(e.message, REQUEST_ID);
    client.close();
  });

  it("403: says the users API needs the administrator or owner role", async () => {
    const client = keyClient(emu(), { apiKey: "zut_viewer_key_for_errors" });
    const e = await rejection(() => client.create({ email: uniqueEmail("forbidden") }));
    assert.equal(e.status, 403);
    assert.equal(e.statusText, "Forbidden");
    assert.match(
      e.message,
      /^Vectara API 403 Forbidden on POST \/v2\/users: .*the API key may not do this: the users API needs the `administrator` or `owner` API role/,
    );
    assert.match(e.message, REQUEST_ID);
  });

  it("404: isNotFound, with the server's message", async () => {
    const e = await rejection(() => admin().get("ghost@example.com"));
    assert.ok(isNotFound(e));
    assert.ok(!isConflict(e));
    assert.equal(e.status, 404);
    assert.deepEqual(e.messages, ["User ghost@example.com not found."]);
    assert.match(
      e.message,
      /^Vectara API 404 Not Found on GET \/v2\/users\/ghost%40example\.com: User ghost@example\.com not found\. \(request req_[0-9a-f]+\)$/,
    );
    for (const op of [
      () => admin().update("ghost@example.com", { enabled: true }),
      () => admin().delete("ghost@example.com"),
      () => admin().resetPassword("ghost@example.com"),
    ]) {
      assert.ok(isNotFound(await rejection(op)));
    }
  });

  it("409: isConflict, message says the user already exists", async () => {
    const email = uniqueEmail("dup");
    await admin().create({ email });
    const e = await rejection(() => admin().create({ email }));
    assert.ok(isConflict(e));
    assert.ok(!isNotFound(e));
    assert.equal(e.statusText, "Conflict");
    assert.match(
      e.message,
      /^Vectara API 409 Conflict on POST \/v2\/users: user with username \S+ already exists \(request req_[0-9a-f]+\)$/,
    );
  });

  it("429: retryable, after the retries are spent", async () => {
    emu().inject("listUsers", { kind: "status", status: 429, times: 10, message: "Too many concurrent requests. Please retry." });
    const e = await rejection(() => admin().listPage());
    assert.equal(e.status, 429);
    assert.equal(e.retryable, true);
    assert.match(
      e.message,
      /^Vectara API 429 Too Many Requests on GET \/v2\/users: Too many concurrent requests\. Please retry; gave up after 3 retries \(request req_/,
    );
  });

  it("429 from the concurrency limit is absorbed by retries", async () => {
    emu().setConcurrencyLimit(2);
    emu().setLatency(20);
    try {
      const client = keyClient(emu(), { apiKey: "zut_admin_key_for_errors", retryBaseDelayMs: 30, retryMaxDelayMs: 300, maxRetries: 8 });
      const pages = await Promise.all(Array.from({ length: 6 }, () => client.listPage({ limit: 1 })));
      assert.equal(pages.length, 6);
    } finally {
      emu().setConcurrencyLimit(Infinity);
      emu().setLatency(0);
    }
  });

  it("500: not retryable for a GET, an OutcomeUnknownError for a create", async () => {
    emu().inject("getUser", { kind: "status", status: 500 });
    const e = await rejection(() => admin().get("anyone@example.com"));
    assert.ok(e instanceof VectaraApiError);
    assert.equal(e.status, 500);
    assert.equal(e.retryable, false);
    assert.match(
      e.message,
      /^Vectara API 500 Internal Server Error on GET \/v2\/users\/anyone%40example\.com: Injected fault: 500\. \(request req_/,
    );
    emu().inject("createUser", { kind: "status", status: 500 });
    const c = await rejection(() => admin().create({ email: uniqueEmail("five-hundred") }));
    assert.ok(c instanceof OutcomeUnknownError);
    assert.equal((c.cause as VectaraApiError).status, 500);
    assert.match(c.message, /the server answered 500 Internal Server Error/);
  });

  it("no raw axios error escapes: every rejection is a VectaraError without config/request/response", async () => {
    emu().inject("getUser", { kind: "reset", times: 10 });
    const errors = [await rejection(() => admin().get("x@example.com")), await rejection(() => admin().get("ghost2@example.com"))];
    for (const e of errors) {
      assert.ok(e instanceof Error && e.name.startsWith("Vectara"), e.name);
      for (const key of ["config", "request", "response", "isAxiosError", "toJSON"]) {
        if (key === "toJSON") continue;
        assert.ok(!(key in e), `${key} on ${e.name}`);
      }
    }
  });

  it("emulator wiring sanity", () => {
    assert.ok(emu() instanceof VectaraEmulator);
  });
});

describe("an account whose users API refuses API keys (emulator refuseApiKeys)", () => {
  const emu = useEmulator({
    refuseApiKeys: true,
    clients: {
      [DEFAULT_CLIENT_ID]: { secret: DEFAULT_CLIENT_SECRET, roles: ["administrator"] },
      "viewer-client": { secret: "viewer-client-secret", roles: ["corpus_viewer"] },
    },
  });

  it("403 to an API key says the users API may require OAuth client credentials, and how to set them", async () => {
    const e = await rejection(() => keyClient(emu()).listPage());
    assert.equal(e.status, 403);
    assert.deepEqual(e.messages, ["API keys cannot be used for user management. Use OAuth client credentials."]);
    assert.match(
      e.message,
      /^Vectara API 403 Forbidden on GET \/v2\/users: API keys cannot be used for user management\. Use OAuth client credentials; the API key may not do this: the users API needs the `administrator` or `owner` API role; the users API may require OAuth client credentials instead of an API key: pass the clientId and clientSecret options \(or set VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET\) and no apiKey \(request req_[0-9a-f]+\)$/,
    );
  });

  it("takes OAuth client credentials; a 403 to them says nothing of API keys", async () => {
    const page = await oauthClient(emu()).listPage();
    assert.ok(Array.isArray(page.users));
    const viewer = oauthClient(emu(), { clientId: "viewer-client", clientSecret: "viewer-client-secret" });
    const e = await rejection(() => viewer.create({ email: uniqueEmail("viewer") }));
    assert.equal(e.status, 403);
    assert.match(e.message, /the OAuth client credentials \(client id 'viewer-client'\) may not do this/);
    assert.doesNotMatch(e.message, /API key/);
  });
});
