import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAreas, buildCity, buildPerson, TEST_PASSWORD } from "../test/factories.js";
import { type Agent, anonymous, createTestContext, loginAs, type TestContext } from "../test/harness.js";
import { createSession, SESSION_COOKIE } from "./sessions.js";

const COMMUNITY = "150602001001";

let t: TestContext;
let small: TestContext;
let personId: string;
let targetAccountId: string;

async function seed(deps: TestContext["deps"]) {
  await buildCity(deps.db);
  await buildAreas(deps.db, [
    { code: "150602000000", name: "东胜区" },
    { code: "150602001000", name: "交通街道" },
    { code: COMMUNITY, name: "建设社区" },
  ]);
  await buildAccount(deps.db, { username: "admin", roles: ["admin"], areaCode: "150600000000" });
  await buildAccount(deps.db, { username: "staff", roles: ["community_staff"], areaCode: COMMUNITY });
  const target = await buildAccount(deps.db, { username: "target", roles: ["grid_worker"], areaCode: COMMUNITY });
  const person = await buildPerson(deps, { name: "王芳", areaCode: COMMUNITY, idNumber: "150602198001011238", phone: "13812345678" });
  return { target, person };
}

beforeAll(async () => {
  t = await createTestContext({
    setup: async (deps) => {
      const ids = await seed(deps);
      personId = ids.person;
      targetAccountId = ids.target;
    },
  });
  small = await createTestContext({ config: { BODY_LIMIT_BYTES: "2048" }, setup: async ({ db }) => void (await buildCity(db)) });
});
afterAll(async () => {
  await t?.close();
  await small?.close();
});

/** A stack trace as Node prints it: "at fn (file:line:col)" or "at file:line:col". */
const STACK = /\bat (?:\S+ \()?(?:file:\/\/|\/|node:)\S*:\d+:\d+\)?/;

function expectNoStack(raw: string) {
  expect(raw).not.toMatch(STACK);
  expect(raw).not.toMatch(/"stack"\s*:/);
}

async function raw(app: TestContext["app"], method: string, url: string, payload?: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: method as "POST", url, payload, headers });
  expectNoStack(res.body);
  let body: unknown = null;
  try {
    body = res.body ? JSON.parse(res.body) : null;
  } catch {}
  return { status: res.statusCode, body: body as any, text: res.body, headers: res.headers };
}

describe("validation failures", () => {
  it("a login without fields answers 400 with each missing field, in Chinese by default", async () => {
    const res = await raw(t.app, "POST", "/api/v1/auth/login", "{}", { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: "validation.failed",
      message: "提交的内容有误，请检查标出的字段",
      details: expect.arrayContaining([
        { path: "body.username", code: "required", message: "必填" },
        { path: "body.password", code: "required", message: "必填" },
      ]),
    });
  });

  it("answers in English when the caller asks for it", async () => {
    const res = await anonymous(t.app).post("/api/v1/auth/login", { username: 42, password: "" }, { "accept-language": "en-GB,en;q=0.8" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation.failed");
    expect(res.body.message).toBe("The request has invalid fields");
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { path: "body.username", code: "invalid_type", message: "Wrong type" },
        { path: "body.password", code: "too_small", message: "Too short or too small" },
      ]),
    );
  });

  it("names a bad ID number and a bad phone number of a new person, and stores nothing", async () => {
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM people")).rows[0]!.n;
    const res = await staff.post("/api/v1/people", { name: "张三", areaCode: COMMUNITY, idNumber: "150602198001011230", phone: "12345" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation.failed");
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { path: "body.idNumber", code: "invalid_id_number", message: "身份证号格式不正确" },
        { path: "body.phone", code: "invalid_phone", message: "手机号格式不正确" },
      ]),
    );
    const en = await staff.post("/api/v1/people", { name: "张三", areaCode: COMMUNITY, phone: "call me" }, { "accept-language": "en" });
    expect(en.status).toBe(400);
    expect(en.body.details).toEqual([{ path: "body.phone", code: "invalid_phone", message: "Invalid phone number" }]);
    const after = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM people")).rows[0]!.n;
    expect(after).toBe(before);
    // The same person with valid data is accepted.
    const ok = await staff.post("/api/v1/people", {
      name: "张三",
      areaCode: COMMUNITY,
      idNumber: "11010519491231002x",
      phone: "13900001111",
    });
    expect(ok.status).toBe(201);
    expect(ok.body.idNumber).not.toContain("19491231");
  });
});

describe("unreadable requests", () => {
  it("malformed JSON answers 400 request.malformed", async () => {
    const res = await raw(t.app, "POST", "/api/v1/auth/login", '{"username": "admin", ', { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: "request.malformed", message: "请求格式不正确" });
    const en = await raw(t.app, "POST", "/api/v1/auth/login", "{bad json}", {
      "content-type": "application/json",
      "accept-language": "en",
    });
    expect(en.body).toEqual({ code: "request.malformed", message: "The request could not be read" });
  });

  it("a JSON content type with an empty body is read as no body", async () => {
    const admin = await loginAs(t.app, "admin", TEST_PASSWORD);
    const key = await admin.post("/api/v1/api-keys", { name: "empty-body" });
    const res = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/api-keys/${key.body.apiKey.id}`,
      headers: { "content-type": "application/json", cookie: admin.cookie!, "x-csrf-token": admin.csrf! },
    });
    expect(res.statusCode).toBe(204);
  });

  it("a body over the configured limit answers 413 request.too_large", async () => {
    const payload = JSON.stringify({ username: "x".repeat(4096), password: "y" });
    const res = await raw(small.app, "POST", "/api/v1/auth/login", payload, { "content-type": "application/json" });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ code: "request.too_large", message: "提交的内容过大" });
    // Under the limit the same route reads the body (and refuses the unknown user).
    const fits = await raw(small.app, "POST", "/api/v1/auth/login", JSON.stringify({ username: "x", password: "y" }), {
      "content-type": "application/json",
    });
    expect(fits.status).toBe(401);
  });

  it("an unsupported content type answers 415", async () => {
    const res = await raw(t.app, "POST", "/api/v1/auth/login", "username=admin&password=x", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ code: "request.unsupported_media_type", message: "不支持的内容类型" });
    const xml = await raw(t.app, "POST", "/api/v1/auth/login", "<login/>", { "content-type": "application/xml", "accept-language": "en" });
    expect(xml.status).toBe(415);
    expect(xml.body.message).toBe("Unsupported content type");
  });

  it("an unknown API route answers 404 route.not_found", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/nothing-here"],
      ["POST", "/api/v1/people/import"],
      ["DELETE", "/api/v1/people"],
      ["GET", "/api/v2/people"],
    ] as const) {
      const res = await raw(t.app, method, url);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body).toEqual({ code: "route.not_found", message: "接口不存在" });
    }
  });

  it("a NUL character, which the database cannot store, is refused with 400", async () => {
    const login = await raw(t.app, "POST", "/api/v1/auth/login", JSON.stringify({ username: "ad\u0000min", password: "x" }), {
      "content-type": "application/json",
    });
    expect(login.status).toBe(400);
    const staff = await loginAs(t.app, "staff", TEST_PASSWORD);
    const person = await staff.post("/api/v1/people", { name: "张\u0000三", areaCode: COMMUNITY });
    expect(person.status).toBe(400);
    const search = await staff.get(`/api/v1/people?q=${encodeURIComponent("王\u0000")}`);
    expect(search.status).toBe(400);
  });

  it("a lone surrogate in a field is stored and audited without a server error", async () => {
    const admin = await loginAs(t.app, "admin", TEST_PASSWORD);
    const res = await admin.post("/api/v1/api-keys", { name: "key \udfff" });
    expect(res.status).toBe(201);
    const audit = await t.db.query<{ after: { name: string } }>("SELECT after FROM audit_log WHERE object_id = $1", [res.body.apiKey.id]);
    expect(audit.rows[0]?.after.name).toBe("key \ufffd");
  });
});

describe("property: no input makes the server answer 500", () => {
  const FIELDS = [
    "username",
    "password",
    "currentPassword",
    "newPassword",
    "name",
    "displayName",
    "gender",
    "areaCode",
    "code",
    "parent",
    "idNumber",
    "phone",
    "address",
    "roles",
    "status",
    "departmentId",
    "unitId",
    "page",
    "pageSize",
    "q",
    "__proto__",
    "constructor",
  ];

  const chinese = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
  const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
  const oddities = fc.constantFrom(
    "\u0000",
    "\u007f",
    "\u202e",
    "\ufeff",
    "\ud800",
    "\udfff",
    "𠀀",
    "'",
    '"',
    "\\",
    "%",
    "$1",
    "*",
    "_",
    "%00",
    "; DROP TABLE people; --",
  );
  const spiced = fc
    .tuple(fc.string({ unit: chinese, maxLength: 4 }), fc.oneof(control, oddities), fc.string({ maxLength: 4 }))
    .map((p) => p.join(""));
  const weirdString = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: fc.oneof(chinese, control, oddities), maxLength: 40 }),
    spiced,
    fc.constantFrom("", " ", "居民".repeat(200), "9".repeat(400), "150602001001", "null", "true", "[]", "{}"),
  );
  const hugeNumber = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 2 ** 64, 1e-320, 0.5, -1, 0),
  );
  const idNumber = fc.stringMatching(/^\d{17}$/).map((body) => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
    return body + "10X98765432"[sum % 11];
  });
  const plausible = fc.oneof(
    fc.constantFrom(COMMUNITY, "150602001000", "150602001001001", "150600000000", "110000000000", "male", "female", "unknown"),
    fc.constantFrom("active", "disabled", "13800138000", "0477-8581234", "target", "staff", "fuzz-nobody"),
    fc.subarray(["admin", "leader", "community_staff", "grid_worker", "resident", "superuser"]),
    idNumber,
  );
  const leaf = fc.oneof(weirdString, hugeNumber, plausible, fc.boolean(), fc.constant(null));
  // Bodies close to what the routes accept, with some fields replaced by odd values, reach the database.
  const fieldValue = fc.oneof(
    { weight: 3, arbitrary: plausible },
    { weight: 2, arbitrary: fc.constantFrom("王芳", "新居民", "NewPassword2027", "wrong-password-1", "交通街道 3 号楼") },
    { weight: 2, arbitrary: spiced },
    { weight: 1, arbitrary: leaf },
  );
  const nearlyValid = fc.record(
    Object.fromEntries(FIELDS.filter((f) => !f.startsWith("_") && f !== "constructor").map((f) => [f, fieldValue])),
    {
      requiredKeys: [],
    },
  );
  const anything = fc.anything({ key: fc.oneof(fc.constantFrom(...FIELDS), weirdString), values: [leaf], maxDepth: 4, maxKeys: 8 });
  const structured = fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(leaf, fc.array(leaf, { maxLength: 4 }), anything), {
    maxKeys: 8,
  });
  const depth = fc.integer({ min: 1, max: 5000 });
  const rawText = fc.oneof(
    fc.string(),
    fc.constantFrom("1e99999", "-0", "12345678901234567890123456789012345678901234567890", '{"page": 1e400}', '"\\u0000"', "[,]"),
    depth.map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
    depth.map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
  );
  const bodyText = fc.oneof(
    { weight: 4, arbitrary: nearlyValid.map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: structured.map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: anything.map((v) => JSON.stringify(v) ?? "null") },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: rawText },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant("application/json") },
    {
      weight: 2,
      arbitrary: fc.constantFrom("application/json; charset=utf-8", "text/plain", "application/octet-stream", "application/xml"),
    },
  );

  /** Percent-encodes every UTF-8 byte, so any string (lone surrogates included) makes a valid path segment. */
  const encodeAll = (s: string) => [...Buffer.from(s, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
  const segment = (s: string) => (/^[A-Za-z0-9-]*$/.test(s) ? s : encodeAll(s));
  const brokenEscape = fc.constantFrom("%", "%zz", "%c0%80", "%ff%fe", "%E4%B8");
  const idParam = fc.oneof(
    fc.uuid().map(segment),
    weirdString.filter((s) => s.length > 0).map(segment),
    fc.constant("__person__"),
    fc.constant("__target__"),
    brokenEscape,
  );
  const codeParam = fc.oneof(fc.stringMatching(/^\d{1,24}$/), fc.constantFrom(COMMUNITY, "150600000000", "150602001001001"), brokenEscape);
  const query = fc.dictionary(
    fc.oneof(fc.constantFrom("page", "pageSize", "parent", "areaCode", "q", "action", "objectType", "from", "to"), weirdString),
    fc.oneof(weirdString, spiced, hugeNumber.map(String), plausible.map(String)),
    { maxKeys: 4 },
  );

  const input = fc.record({ id: idParam, code: codeParam, rest: fc.string({ maxLength: 20 }), query, body: bodyText, contentType });
  type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

  function urlOf(template: string, i: Input): string {
    const path = template
      .replace(/:id\b/g, i.id.replace("__person__", personId).replace("__target__", targetAccountId))
      .replace(/:code\b/g, i.code)
      .replace(/\*$/, segment(i.rest));
    const qs = new URLSearchParams(Object.entries(i.query)).toString();
    return qs ? `${path}?${qs}` : path;
  }

  async function send(agent: Agent, method: string, template: string, i: Input) {
    const url = urlOf(template, i);
    const hasBody = method !== "GET";
    const res = await agent.request(method, url, hasBody ? i.body : undefined, hasBody ? { "content-type": i.contentType } : {});
    const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
    const label = `${method} ${url} ${hasBody ? `(${i.contentType}) ${i.body.slice(0, 300)}` : ""}`;
    expect(res.status, label).toBeLessThan(500);
    expect(text ?? "", label).not.toMatch(STACK);
  }

  const routes = () => t.app.routePermissions().filter((r) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(r.method));
  /** Runs per route: 30, fewer as the API grows, so that the whole file stays well under a minute. */
  const runsPerRoute = () => Math.max(10, Math.min(30, Math.floor(1500 / routes().length)));

  /** A new session of the administrator, made directly (a login per run would spend most of the time hashing). */
  async function freshAdminSession(): Promise<Agent> {
    const id = (await t.db.query<{ id: string }>("SELECT id FROM accounts WHERE username = 'admin'")).rows[0]!.id;
    const session = await createSession(t.db, id, 3_600_000, { ip: null, userAgent: null });
    const agent = anonymous(t.app);
    agent.cookie = `${SESSION_COOKIE}=${session.token}`;
    agent.csrf = session.csrf;
    return agent;
  }

  it("as an administrator with a session and the CSRF token", async () => {
    const admin = await loginAs(t.app, "admin", TEST_PASSWORD);
    const checked: string[] = [];
    for (const r of routes()) {
      await fc.assert(
        fc.asyncProperty(input, async (i) => {
          // Logging out ends the session it is sent with: give each such request a session of its own.
          const agent = r.url === "/api/v1/auth/logout" ? await freshAdminSession() : admin;
          await send(agent, r.method, r.url, i);
        }),
        { numRuns: runsPerRoute() },
      );
      checked.push(`${r.method} ${r.url}`);
    }
    expect(checked).toContain("PATCH /api/v1/people/:id");
    expect(checked).toContain("POST /api/v1/auth/logout");
    // The administrator's session survived the whole run, so every request above was really authenticated.
    expect((await admin.get("/api/v1/me")).status).toBe(200);
  }, 120_000);

  it("as an anonymous caller", async () => {
    for (const r of routes()) {
      await fc.assert(
        fc.asyncProperty(input, async (i) => send(anonymous(t.app), r.method, r.url, i)),
        { numRuns: runsPerRoute() },
      );
    }
  }, 120_000);

  it("with a stale session cookie and a made-up API key", async () => {
    const stale = anonymous(t.app);
    stale.cookie = "gz_session=not-a-real-session";
    stale.csrf = "whatever";
    await fc.assert(
      fc.asyncProperty(input, fc.constantFrom(...routes()), async (i, r) => send(stale, r.method, r.url, i)),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(input, fc.constantFrom(...routes()), weirdString, async (i, r, key) => {
        const agent = anonymous(t.app);
        const url = urlOf(r.url, i);
        const res = await agent.request(r.method, url, r.method === "GET" ? undefined : i.body, {
          "x-api-key": Buffer.from(key || "k", "utf8")
            .toString("latin1")
            .replace(/[^\x20-\x7e]/g, "?"),
          ...(r.method === "GET" ? {} : { "content-type": i.contentType }),
        });
        expect(res.status, `${r.method} ${url}`).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});
