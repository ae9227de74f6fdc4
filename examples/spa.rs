//! A single-page front-end on one origin calling a cookie-authenticated JSON
//! API on another: credentials, a custom request header, an exposed
//! response header and preflighted `PUT`/`DELETE`; and an anonymous
//! feedback form that only the API's own origins may post to.
//!
//! ```text
//! cargo run --example spa                 # front-end on BIND (127.0.0.1:8080),
//!                                         # API on API_BIND (127.0.0.1:8081)
//! ```
//!
//! Open the front-end in a browser: it signs in (the API sets a cookie),
//! reads the profile with the cookie, then edits and deletes a note.
//! `POST /api/feedback` stores its body; `GET /api/feedback` lists what it
//! stored. A form or a `text/plain` `fetch` needs no preflight, so any page
//! could post one; as the API has `credentials = true`, a post from another
//! origin is answered 403 before the handler runs.

use actix_web::{get, web, App, HttpResponse, HttpServer};
use route_cors::cors;

/// The API: every handler in the module gets the policy.
#[cors(origins = ["http://127.0.0.1:*", "http://localhost:*"], credentials = true,
       headers = ["content-type", "x-csrf-token"], expose_headers = ["x-request-id"], max_age = 600)]
#[actix_web::scope("/api")]
mod api {
    use std::sync::Mutex;

    use actix_web::cookie::{Cookie, SameSite};
    use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};

    const CSRF_TOKEN: &str = "token-1234";

    fn user(req: &HttpRequest) -> Option<String> {
        req.cookie("sid")
            .map(|sid| sid.value().trim_start_matches("session-").to_owned())
    }

    /// Signs in: sets the session cookie.
    #[post("/login")]
    pub async fn login(name: web::Json<String>) -> HttpResponse {
        let cookie = Cookie::build("sid", format!("session-{}", name.as_str()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .finish();
        HttpResponse::Ok()
            .cookie(cookie)
            .json(serde_json::json!({ "csrf": CSRF_TOKEN }))
    }

    /// The signed-in user, from the cookie. `x-request-id` is exposed to the
    /// script; `x-internal-trace` is not.
    #[get("/me")]
    pub async fn me(req: HttpRequest) -> HttpResponse {
        let mut response = match user(&req) {
            Some(name) => HttpResponse::Ok().json(serde_json::json!({ "user": name })),
            None => {
                HttpResponse::Unauthorized().json(serde_json::json!({ "error": "sign in first" }))
            }
        };
        let headers = response.headers_mut();
        headers.insert("x-request-id".parse().unwrap(), "req-42".parse().unwrap());
        headers.insert(
            "x-internal-trace".parse().unwrap(),
            "node-7".parse().unwrap(),
        );
        response
    }

    /// The signed-in user of a request that carries the CSRF token. The
    /// errors become 401/403 responses, which carry the CORS headers too, so
    /// the script can read why.
    fn authorized(req: &HttpRequest) -> actix_web::Result<String> {
        let name = user(req).ok_or_else(|| actix_web::error::ErrorUnauthorized("sign in first"))?;
        match req.headers().get("x-csrf-token") {
            Some(token) if token == CSRF_TOKEN => Ok(name),
            _ => Err(actix_web::error::ErrorForbidden("missing x-csrf-token")),
        }
    }

    /// Edits a note: JSON body and a custom header, so always preflighted.
    #[put("/notes/{id}")]
    pub async fn put_note(
        req: HttpRequest,
        id: web::Path<u32>,
        text: web::Json<String>,
    ) -> actix_web::Result<HttpResponse> {
        let name = authorized(&req)?;
        Ok(HttpResponse::Ok()
            .json(serde_json::json!({ "id": *id, "text": text.as_str(), "by": name })))
    }

    /// Deletes a note: DELETE is never a simple method, so always preflighted.
    #[delete("/notes/{id}")]
    pub async fn delete_note(req: HttpRequest) -> actix_web::Result<HttpResponse> {
        authorized(&req)?;
        Ok(HttpResponse::NoContent().finish())
    }

    /// The feedback posted so far, oldest first, shared by the workers.
    #[derive(Default)]
    pub struct Feedback(Mutex<Vec<String>>);

    /// Stores anonymous feedback: the body as text, whatever its type (a
    /// form's `text=...`, a `text/plain` string). It needs no sign-in, so
    /// any page's post would be stored if route-cors let it through.
    #[post("/feedback")]
    pub async fn post_feedback(feedback: web::Data<Feedback>, text: String) -> HttpResponse {
        let mut stored = feedback
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        stored.push(text);
        HttpResponse::Ok().json(serde_json::json!({ "received": stored.len() }))
    }

    /// The feedback stored so far, oldest first.
    #[get("/feedback")]
    pub async fn list_feedback(feedback: web::Data<Feedback>) -> HttpResponse {
        let stored = feedback
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        HttpResponse::Ok().json(&*stored)
    }
}

const PAGE: &str = r#"<!doctype html>
<meta charset="utf-8">
<title>Notes</title>
<h1>Notes</h1>
<pre id="log"></pre>
<script>
const api = "API_ORIGIN/api";
const log = (line) => { document.getElementById("log").textContent += line + "\n"; };
(async () => {
  const login = await fetch(api + "/login", {
    method: "POST", credentials: "include",
    headers: { "content-type": "application/json" }, body: JSON.stringify("alice"),
  });
  const { csrf } = await login.json();
  log("signed in: " + login.status);
  const me = await fetch(api + "/me", { credentials: "include" });
  log("me: " + JSON.stringify(await me.json()) + ", x-request-id " + me.headers.get("x-request-id"));
  const put = await fetch(api + "/notes/1", {
    method: "PUT", credentials: "include",
    headers: { "content-type": "application/json", "x-csrf-token": csrf },
    body: JSON.stringify("buy milk"),
  });
  log("put: " + put.status + " " + JSON.stringify(await put.json()));
  const del = await fetch(api + "/notes/1", { method: "DELETE", credentials: "include", headers: { "x-csrf-token": csrf } });
  log("delete: " + del.status);
})().catch((error) => log("error: " + error));
</script>
"#;

#[get("/")]
async fn page(api_origin: web::Data<String>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(PAGE.replace("API_ORIGIN", &api_origin))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let front_bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let api_bind = std::env::var("API_BIND").unwrap_or_else(|_| "127.0.0.1:8081".to_owned());
    let api_origin = web::Data::new(format!("http://{api_bind}"));
    let front = HttpServer::new(move || App::new().app_data(api_origin.clone()).service(page))
        .workers(1)
        .bind(&front_bind)?
        .run();
    let feedback = web::Data::new(api::Feedback::default());
    let api = HttpServer::new(move || {
        App::new()
            .app_data(feedback.clone())
            .service(api::login)
            .service(api::me)
            .service(api::put_note)
            .service(api::delete_note)
            .service(api::post_feedback)
            .service(api::list_feedback)
    })
    .workers(1)
    .bind(&api_bind)?
    .run();
    println!("spa front-end on http://{front_bind} (open it in a browser)");
    println!(
        "spa API on http://{api_bind}: POST /api/login, GET /api/me, PUT|DELETE /api/notes/{{id}}, POST|GET /api/feedback"
    );
    let (front, api) = futures_join(front, api).await;
    front.and(api)
}

/// Runs both servers until both stop.
async fn futures_join(
    front: actix_web::dev::Server,
    api: actix_web::dev::Server,
) -> (std::io::Result<()>, std::io::Result<()>) {
    let api = actix_web::rt::spawn(api);
    let front = front.await;
    let api = api
        .await
        .unwrap_or_else(|error| Err(std::io::Error::other(error)));
    (front, api)
}
