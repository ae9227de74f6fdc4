// The cases, by the frame whose origin runs them. Ports are filled in by
// the suite's page server; expected outcomes live in tests/browser.rs.
const QUICKSTART = "http://127.0.0.1:QUICKSTART_PORT";
const SPA_API = "http://127.0.0.1:SPA_API_PORT";
const SCOPES = "http://127.0.0.1:SCOPES_PORT";
const DYNAMIC = "http://127.0.0.1:DYNAMIC_PORT";
const REALISTIC = "http://127.0.0.1:REALISTIC_PORT";
const BEARER = { authorization: "Bearer demo-token" };
// The spa API's anonymous feedback route (credentials = true, origins
// 127.0.0.1 and localhost): what reached its handler is read back by
// tests/browser.rs from the server.
const FEEDBACK = SPA_API + "/api/feedback";

const json = (method, body, extra) => ({
  method,
  credentials: "include",
  headers: Object.assign({ "content-type": "application/json" }, extra || {}),
  body: JSON.stringify(body),
});
// A credentialed POST that needs no preflight (text/plain body).
const simplePost = (text) => ({ method: "POST", credentials: "include", headers: { "content-type": "text/plain" }, body: text });
const statusAndBody = async (response) => "ok " + response.status + " " + (await response.text());
const header = (name) => async (response) => "ok " + response.status + " " + name + "=" + response.headers.get(name);

const CASES = {
  main: [
    { name: "allowed simple GET", url: QUICKSTART + "/api/v1/items" },
    { name: "blocked origin", url: QUICKSTART + "/api/v1/items", init: { method: "POST", headers: { "content-type": "application/json" }, body: '"mug"' } },
    { name: "preflighted JSON POST", url: SPA_API + "/api/login", init: json("POST", "alice") },
    { name: "credentialed request with cookie round-trip", url: SPA_API + "/api/me", init: { credentials: "include" }, read: statusAndBody },
    { name: "exposed header readable", url: SPA_API + "/api/me", init: { credentials: "include" }, read: header("x-request-id") },
    { name: "unexposed header hidden", url: SPA_API + "/api/me", init: { credentials: "include" }, read: header("x-internal-trace") },
    { name: "preflighted PUT with custom header", url: SPA_API + "/api/notes/1", init: json("PUT", "buy milk", { "x-csrf-token": "token-1234" }), read: statusAndBody },
    { name: "preflighted DELETE", url: SPA_API + "/api/notes/1", init: { method: "DELETE", credentials: "include", headers: { "x-csrf-token": "token-1234" } } },
    { name: "blocked undeclared header", url: SPA_API + "/api/me", init: { credentials: "include", headers: { "x-undeclared": "1" } } },
    { name: "blocked undeclared method", url: SPA_API + "/api/notes/1", init: { method: "PATCH", credentials: "include", headers: { "x-csrf-token": "token-1234" } } },
    { name: "scope inheritance", url: SCOPES + "/catalog/products", read: statusAndBody },
    { name: "scope override exposes header", url: SCOPES + "/catalog/stock", read: header("x-stock") },
    { name: "scope override of origins refuses 127.0.0.1", url: SCOPES + "/catalog/orders", init: { method: "POST", body: "one teapot" } },
    { name: "scope disabled handler", url: SCOPES + "/catalog/internal" },
    { name: "regex origin", url: SCOPES + "/reports/sales/summary", read: statusAndBody },
    { name: "SPA behind auth: credentialed fetch with Authorization", url: REALISTIC + "/api/me", init: { credentials: "include", headers: BEARER }, read: statusAndBody },
    { name: "SPA behind auth: 401 readable without a token", url: REALISTIC + "/api/me", init: { credentials: "include" }, read: statusAndBody },
    { name: "SPA behind auth: preflighted PUT with a token", url: REALISTIC + "/api/me/settings", init: json("PUT", { theme: "dark" }, BEARER), read: statusAndBody },
    { name: "SPA behind auth: public route needs no token", url: REALISTIC + "/api/status", read: statusAndBody },
    { name: "leftover global policy does not cover the SPA", url: REALISTIC + "/api/reports/legacy", init: { headers: BEARER } },
    { name: "origins from the environment", url: DYNAMIC + "/api/settings", init: { method: "PUT", credentials: "include", headers: { "content-type": "application/json" }, body: "{}" } },
    { name: "cross-origin write: simple POST from an allowed same-site origin", url: FEEDBACK, init: simplePost("fetch from 127.0.0.1"), read: statusAndBody },
  ],
  localhost: [
    { name: "scope override of origins allows localhost", url: SCOPES + "/catalog/orders", init: { method: "POST", body: "one teapot" }, read: statusAndBody },
    { name: "regex origin refuses localhost", url: SCOPES + "/reports/sales/summary" },
    { name: "origin not in the environment refused", url: DYNAMIC + "/api/settings" },
    { name: "cross-origin write: form from an allowed other site", run: () => postForm(FEEDBACK, { text: "form from localhost" }) },
    { name: "cross-origin write: simple POST from an allowed other site", url: FEEDBACK, init: simplePost("fetch from localhost"), read: statusAndBody },
  ],
  subdomain: [
    { name: "subdomain-pattern origin", url: SCOPES + "/catalog/products", read: statusAndBody },
    { name: "cross-origin write: form from a foreign origin", run: () => postForm(FEEDBACK, { text: "form from app.localhost" }) },
    { name: "cross-origin write: simple POST from a foreign origin", url: FEEDBACK, init: simplePost("fetch from app.localhost"), read: statusAndBody },
  ],
  sandboxed: [
    { name: "null origin reads an API open to every origin", url: QUICKSTART + "/api/v1/items" },
    { name: "null origin refused", url: SPA_API + "/api/me", init: { credentials: "include" } },
    { name: "cross-origin write: form from the null origin", run: () => postForm(FEEDBACK, { text: "form from null" }) },
    { name: "cross-origin write: simple POST from the null origin", url: FEEDBACK, init: simplePost("fetch from null"), read: statusAndBody },
  ],
};
