import { it } from "vitest";
import { buildAccount, buildAreas, buildCity, TEST_PASSWORD } from "../test/factories.js";
import { anonymous, createTestContext, loginAs } from "../test/harness.js";

it("probe", async () => {
  const t = await createTestContext({
    config: { BODY_LIMIT_BYTES: "2048" },
    setup: async ({ db }) => {
      await buildCity(db);
      await buildAreas(db, [{ code: "150602000000" }, { code: "150602001000" }, { code: "150602001001" }]);
      await buildAccount(db, { username: "staff", roles: ["community_staff"], areaCode: "150602001001" });
    },
  });
  const a = anonymous(t.app);
  const out: unknown[] = [];
  out.push(await a.post("/api/v1/auth/login", {}));
  out.push(await a.post("/api/v1/auth/login", { username: 5, password: "" }, { "accept-language": "en" }));
  const s = await loginAs(t.app, "staff", TEST_PASSWORD);
  out.push(await s.post("/api/v1/people", { name: "张三", areaCode: "150602001001", idNumber: "123", phone: "abc" }));
  out.push(
    await t.app
      .inject({ method: "POST", url: "/api/v1/auth/login", payload: "{bad", headers: { "content-type": "application/json" } })
      .then((r) => [r.statusCode, r.body]),
  );
  out.push(
    await t.app
      .inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: JSON.stringify({ username: "x".repeat(5000), password: "y" }),
        headers: { "content-type": "application/json" },
      })
      .then((r) => [r.statusCode, r.body]),
  );
  out.push(
    await t.app
      .inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: "username=a",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })
      .then((r) => [r.statusCode, r.body]),
  );
  out.push(
    await t.app
      .inject({ method: "POST", url: "/api/v1/auth/login", payload: "hi", headers: { "content-type": "text/plain" } })
      .then((r) => [r.statusCode, r.body]),
  );
  out.push(await t.app.inject({ method: "GET", url: "/api/v1/nope" }).then((r) => [r.statusCode, r.body]));
  out.push(
    await t.app
      .inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: JSON.stringify({ username: "a\u0000b", password: "y" }),
        headers: { "content-type": "application/json" },
      })
      .then((r) => [r.statusCode, r.body]),
  );
  out.push(await s.post("/api/v1/people", { name: "张\u0000三", areaCode: "150602001001" }));
  out.push(await t.app.inject({ method: "GET", url: "/api/docs" }).then((r) => [r.statusCode, r.headers, r.body.slice(0, 200)]));
  out.push(await t.app.inject({ method: "GET", url: "/api/docs/" }).then((r) => [r.statusCode, r.headers, r.body.slice(0, 200)]));
  console.error(JSON.stringify(out, null, 1));
  await t.close();
});
