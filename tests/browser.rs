//! The browser suite: the example servers on loopback, driven by headless
//! Chromium and headless Firefox through pages that `fetch()` them
//! cross-origin, each outcome asserted as the browser's script saw it.
//!
//! Every case runs in both engines, at the same time, each engine against
//! its own example servers. The suite page is served by this test on
//! `127.0.0.1`, and also reached as `http://localhost:…` and
//! `http://app.localhost:…` (other origins; Chromium resolves them to
//! loopback itself, Firefox because its throwaway profile,
//! `tests/browser/firefox-user.js`, resolves every name to `127.0.0.1`)
//! and from a sandboxed `srcdoc` frame (origin `null`). The page posts its
//! results back to this test's server, and the spa example's feedback
//! route tells which cross-origin writes reached a handler, which a page
//! on another origin cannot see. Needs `chromium` and `firefox-esr` (or
//! `firefox`) on the PATH; without one, its engine is skipped, except under
//! `CI`, where the suite fails.

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpResponse, HttpServer};

/// Every case and what the script must see. `ok <status> ...` means the
/// response was readable; `blocked` means the browser refused it;
/// `submitted` means a form's answer loaded into a hidden frame, unread
/// (what the handler did is in `EXPECTED_FEEDBACK`).
///
/// Chromium and Firefox must see the same in every case. What the engines
/// do differently does not apply here: the spa session cookie is
/// `SameSite=Lax`, so neither engine sends it cross-site (Firefox would
/// send a cookie without `SameSite`); no case depends on how long a
/// preflight stays cached, and Private Network Access (Chromium only) does
/// not apply between loopback addresses. Both engines treat
/// `app.localhost` and the `null` origin of a sandboxed frame alike.
const EXPECTED: &[(&str, &str)] = &[
    ("allowed simple GET", "ok 200"),
    ("blocked origin", "blocked"),
    ("preflighted JSON POST", "ok 200"),
    (
        "credentialed request with cookie round-trip",
        r#"ok 200 {"user":"alice"}"#,
    ),
    ("exposed header readable", "ok 200 x-request-id=req-42"),
    ("unexposed header hidden", "ok 200 x-internal-trace=null"),
    (
        "preflighted PUT with custom header",
        r#"ok 200 {"by":"alice","id":1,"text":"buy milk"}"#,
    ),
    ("preflighted DELETE", "ok 204"),
    ("blocked undeclared header", "blocked"),
    ("blocked undeclared method", "blocked"),
    ("scope inheritance", r#"ok 200 ["teapot","kettle"]"#),
    ("scope override exposes header", "ok 200 x-stock=12"),
    ("scope override of origins refuses 127.0.0.1", "blocked"),
    ("scope disabled handler", "blocked"),
    ("regex origin", r#"ok 200 "sales: all good""#),
    (
        "SPA behind auth: credentialed fetch with Authorization",
        r#"ok 200 {"user":"alice"}"#,
    ),
    (
        "SPA behind auth: 401 readable without a token",
        r#"ok 401 {"error":"session expired"}"#,
    ),
    (
        "SPA behind auth: preflighted PUT with a token",
        r#"ok 200 {"theme":"dark"}"#,
    ),
    ("SPA behind auth: public route needs no token", "ok 200 up"),
    ("leftover global policy does not cover the SPA", "blocked"),
    ("origins from the environment", "ok 200"),
    (
        "scope override of origins allows localhost",
        "ok 201 ordered",
    ),
    ("regex origin refuses localhost", "blocked"),
    ("origin not in the environment refused", "blocked"),
    ("subdomain-pattern origin", r#"ok 200 ["teapot","kettle"]"#),
    ("null origin reads an API open to every origin", "ok 200"),
    ("null origin refused", "blocked"),
    (
        "cross-origin write: simple POST from an allowed same-site origin",
        r#"ok 200 {"received":1}"#,
    ),
    (
        "cross-origin write: form from an allowed other site",
        "submitted",
    ),
    (
        "cross-origin write: simple POST from an allowed other site",
        r#"ok 200 {"received":3}"#,
    ),
    (
        "cross-origin write: form from a foreign origin",
        "submitted",
    ),
    (
        "cross-origin write: simple POST from a foreign origin",
        "blocked",
    ),
    ("cross-origin write: form from the null origin", "submitted"),
    (
        "cross-origin write: simple POST from the null origin",
        "blocked",
    ),
];

/// What the spa API's `POST /api/feedback` (`credentials = true`, origins
/// `http://127.0.0.1:*` and `http://localhost:*`) stored by the end, in
/// order: the posts of its own origins, form and `fetch` alike. The form
/// and the `fetch` of `http://app.localhost:…` and of the `null` origin
/// must have been refused before the handler ran.
const EXPECTED_FEEDBACK: &[&str] = &[
    "fetch from 127.0.0.1",
    "text=form+from+localhost",
    "fetch from localhost",
];

/// A browser engine the suite runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    Chromium,
    Firefox,
}

impl Engine {
    const ALL: [Engine; 2] = [Engine::Chromium, Engine::Firefox];

    fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
        }
    }

    /// The Debian package that provides the engine.
    fn package(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox-esr",
        }
    }

    /// What the engine's `navigator.userAgent` contains.
    fn agent_token(self) -> &'static str {
        match self {
            Engine::Chromium => "Chrome/",
            Engine::Firefox => "Firefox/",
        }
    }

    /// The engine's executable on the PATH.
    fn find(self) -> Option<PathBuf> {
        let names: &[&str] = match self {
            Engine::Chromium => &["chromium", "chromium-browser"],
            Engine::Firefox => &["firefox-esr", "firefox"],
        };
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    }

    /// Starts the engine headless on `url` with a new profile in `profile`.
    fn start(self, executable: &Path, profile: &Path, url: &str) -> Browser {
        let mut command = Command::new(executable);
        match self {
            Engine::Chromium => {
                command
                    .args([
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                    ])
                    .arg(format!("--user-data-dir={}", profile.display()));
            }
            Engine::Firefox => {
                std::fs::create_dir_all(profile)
                    .and_then(|()| {
                        std::fs::write(
                            profile.join("user.js"),
                            include_str!("browser/firefox-user.js"),
                        )
                    })
                    .unwrap_or_else(|error| {
                        panic!("cannot write {}/user.js: {error}", profile.display())
                    });
                command
                    .args(["--headless", "-no-remote", "-profile"])
                    .arg(profile)
                    // Mozilla's own test harnesses set this: a connection
                    // to a non-local address is refused outright (none is
                    // expected, as every name resolves to loopback), and
                    // the profile may point remote settings at no server.
                    .env("MOZ_DISABLE_NONLOCAL_CONNECTIONS", "1")
                    .env("MOZ_CRASHREPORTER_DISABLE", "1");
            }
        }
        command
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        own_process_group(&mut command);
        let child = command
            .spawn()
            .unwrap_or_else(|error| panic!("{} does not start: {error}", self.name()));
        Browser(child)
    }
}

/// A child process that is killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A browser started in its own process group: dropping it kills the whole
/// group (the browser and every process it started), then waits, bounded,
/// for the browser to exit.
struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        // std can signal only its own child; the shell's `kill` signals the
        // group. Without a shell (or on another platform), the child alone.
        let group_killed = Command::new("sh")
            .args(["-c", "kill -s KILL -- \"-$0\"", &self.0.id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !group_killed {
            let _ = self.0.kill();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(self.0.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[cfg(unix)]
fn own_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    command.process_group(0);
}

#[cfg(not(unix))]
fn own_process_group(_: &mut Command) {}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

/// Waits (bounded) until something accepts connections on `port`.
fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn example_binary(name: &str) -> PathBuf {
    // target/<profile>/deps/browser-<hash> -> target/<profile>/examples/<name>
    let exe = std::env::current_exe().expect("test binary path");
    let path = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>")
        .join("examples")
        .join(name);
    let built = std::fs::metadata(&path)
        .and_then(|metadata| metadata.modified())
        .unwrap_or_else(|_| {
            panic!(
                "{} is missing: run the suite with `cargo test --workspace`, which builds the examples",
                path.display()
            )
        });
    // The example's own source and the crates it is built from: a newer one
    // means `cargo test --test browser` was run without rebuilding examples.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let own_source = root.join("examples").join(format!("{name}.rs"));
    let crate_sources = [
        "src",
        "cors-macros/src",
        "cors-runtime/src",
        "cors-rules/src",
    ]
    .iter()
    .flat_map(|dir| {
        std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
    })
    .map(|entry| entry.path());
    for source in std::iter::once(own_source).chain(crate_sources) {
        let changed = std::fs::metadata(&source).and_then(|metadata| metadata.modified());
        assert!(
            changed.map_or(true, |changed| changed <= built),
            "{} is older than {}: run the suite with `cargo test --workspace`, which rebuilds the examples",
            path.display(),
            source.display()
        );
    }
    path
}

fn start_example(name: &str, env: &[(&str, String)], ports: &[u16]) -> Running {
    let child = Command::new(example_binary(name))
        .envs(env.iter().map(|(key, value)| (*key, value.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start example {name}: {error}"));
    let running = Running(child);
    for &port in ports {
        wait_for_port(port, name);
    }
    running
}

#[test]
fn browser_suite() {
    let mut engines = Vec::new();
    for engine in Engine::ALL {
        match engine.find() {
            Some(executable) => engines.push((engine, executable)),
            None => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "{} is not installed; .ci/run installs it (apt-get install -y {})",
                    engine.name(),
                    engine.package()
                );
                let _ = writeln!(
                    std::io::stderr(),
                    "browser suite skipped in {}: {} is not installed",
                    engine.name(),
                    engine.package()
                );
            }
        }
    }

    // The engines run at the same time, each with its own servers: the
    // feedback route's store is checked per engine.
    let reports: Vec<Report> = std::thread::scope(|scope| {
        let runs: Vec<_> = engines
            .iter()
            .map(|(engine, executable)| (*engine, scope.spawn(|| run(*engine, executable))))
            .collect();
        runs.into_iter()
            .map(|(engine, handle)| {
                handle.join().unwrap_or_else(|panic| {
                    let why = panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| panic.downcast_ref::<&str>().copied())
                        .unwrap_or("panicked");
                    Report {
                        engine,
                        lines: vec![format!("the run did not finish: {why}")],
                        passed: 0,
                        failed: 1,
                    }
                })
            })
            .collect()
    });

    // Straight to stderr, past the test harness's capture, so that every
    // run (CI's included) shows the case list.
    let mut out = std::io::stderr().lock();
    for report in &reports {
        for line in &report.lines {
            let _ = writeln!(out, "{}: {line}", report.engine.name());
        }
    }
    let summary: Vec<String> = reports
        .iter()
        .map(|report| {
            format!(
                "{} {} passed, {} failed",
                report.engine.name(),
                report.passed,
                report.failed
            )
        })
        .collect();
    let _ = writeln!(out, "browser: {}", summary.join("; "));
    assert!(
        reports.iter().all(|report| report.failed == 0),
        "browser cases failed: {}",
        summary.join("; ")
    );
}

/// One engine's run: a line per case, and the counts.
struct Report {
    engine: Engine,
    lines: Vec<String>,
    passed: usize,
    failed: usize,
}

impl Report {
    fn check(&mut self, ok: bool, line: String) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        self.lines.push(line);
    }
}

/// Runs every case in `engine`, against example servers of its own.
fn run(engine: Engine, executable: &Path) -> Report {
    let quickstart_port = free_port();
    let spa_port = free_port();
    let spa_api_port = free_port();
    let scopes_port = free_port();
    let dynamic_port = free_port();
    let realistic_port = free_port();
    let page_port = free_port();

    let _quickstart = start_example(
        "quickstart",
        &[("BIND", format!("127.0.0.1:{quickstart_port}"))],
        &[quickstart_port],
    );
    let _spa = start_example(
        "spa",
        &[
            ("BIND", format!("127.0.0.1:{spa_port}")),
            ("API_BIND", format!("127.0.0.1:{spa_api_port}")),
        ],
        &[spa_port, spa_api_port],
    );
    let _scopes = start_example(
        "scopes",
        &[("BIND", format!("127.0.0.1:{scopes_port}"))],
        &[scopes_port],
    );
    let _realistic = start_example(
        "realistic",
        &[("BIND", format!("127.0.0.1:{realistic_port}"))],
        &[realistic_port],
    );
    let _dynamic = start_example(
        "dynamic_origins",
        &[
            ("BIND", format!("127.0.0.1:{dynamic_port}")),
            (
                "ALLOWED_ORIGINS",
                format!("http://127.0.0.1:{page_port}, https://app.example.com"),
            ),
        ],
        &[dynamic_port],
    );

    let cases_js = include_str!("browser/cases.js")
        .replace("QUICKSTART_PORT", &quickstart_port.to_string())
        .replace("SPA_API_PORT", &spa_api_port.to_string())
        .replace("REALISTIC_PORT", &realistic_port.to_string())
        .replace("SCOPES_PORT", &scopes_port.to_string())
        .replace("DYNAMIC_PORT", &dynamic_port.to_string());
    let (results_tx, results_rx) = mpsc::channel::<String>();
    let page_server = std::thread::spawn(move || serve_pages(page_port, cases_js, results_tx));
    wait_for_port(page_port, "the suite's page server");

    let profile = std::env::temp_dir().join(format!(
        "route-cors-{}-{}",
        engine.name(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&profile);
    let browser = engine.start(
        executable,
        &profile,
        &format!("http://127.0.0.1:{page_port}/suite.html"),
    );
    let results = results_rx.recv_timeout(Duration::from_secs(90));
    drop(browser);
    drop(page_server);
    let _ = std::fs::remove_dir_all(&profile);
    let results = results.unwrap_or_else(|_| {
        panic!(
            "the suite page reports its results within 90 s in {}",
            engine.name()
        )
    });

    let posted: serde_json::Value = serde_json::from_str(&results).expect("results are JSON");
    let agent = posted["agent"].as_str().unwrap_or_default();
    let results = posted["results"].as_array().expect("a list of results");
    let seen = |name: &str| {
        results
            .iter()
            .find(|result| result["name"] == name)
            .and_then(|result| result["got"].as_str())
            .map(str::to_owned)
    };
    let mut report = Report {
        engine,
        lines: Vec::new(),
        passed: 0,
        failed: 0,
    };
    if agent.contains(engine.agent_token()) {
        report.check(true, format!("agent {agent} ... ok"));
    } else {
        report.check(
            false,
            format!("agent {agent:?} ... FAILED: not {}", engine.name()),
        );
    }
    for (name, expected) in EXPECTED {
        match seen(name) {
            Some(got) if got == *expected => report.check(true, format!("case {name} ... ok")),
            Some(got) => report.check(
                false,
                format!("case {name} ... FAILED: the browser saw {got:?}, expected {expected:?}"),
            ),
            None => report.check(false, format!("case {name} ... FAILED: no result")),
        }
    }
    for result in results {
        let name = result["name"].as_str().unwrap_or_default();
        if !EXPECTED.iter().any(|(expected, _)| *expected == name) {
            report.check(
                false,
                format!("case {name} ... FAILED: not expected ({})", result["got"]),
            );
        }
    }
    let feedback: Vec<String> = serde_json::from_str(&get(spa_api_port, "/api/feedback"))
        .expect("GET /api/feedback answers a JSON list");
    if feedback == EXPECTED_FEEDBACK {
        report.check(
            true,
            "server: only the allowed origins' posts reached the feedback handler ... ok".into(),
        );
    } else {
        report.check(
            false,
            format!(
                "server: the feedback handler stored {feedback:?}, expected {EXPECTED_FEEDBACK:?} ... FAILED"
            ),
        );
    }
    report
}

/// Serves the suite's pages on `port` until the results arrive.
fn serve_pages(port: u16, cases_js: String, results: mpsc::Sender<String>) {
    let system = actix_web::rt::System::new();
    let outcome = system.block_on(async move {
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let server = HttpServer::new(move || {
            let cases_js = cases_js.clone();
            let results = results.clone();
            let stop = stop_tx.clone();
            App::new()
                .route(
                    "/suite.html",
                    web::get().to(|| async { html(include_str!("browser/suite.html")) }),
                )
                .route(
                    "/frame.html",
                    web::get().to(|| async { html(include_str!("browser/frame.html")) }),
                )
                .route(
                    "/runner.js",
                    web::get()
                        .to(|| async { script(include_str!("browser/runner.js").to_owned()) }),
                )
                .route(
                    "/cases.js",
                    web::get().to(move || {
                        let cases_js = cases_js.clone();
                        async move { script(cases_js) }
                    }),
                )
                .route(
                    "/results",
                    web::post().to(move |body: String| {
                        let _ = results.send(body);
                        let _ = stop.send(());
                        async { HttpResponse::NoContent().finish() }
                    }),
                )
        })
        .workers(1)
        .bind(("127.0.0.1", port))?
        .run();
        let handle = server.handle();
        let server = actix_web::rt::spawn(server);
        // Stop once the results arrived, or after a bounded time.
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            match stop_rx.try_recv() {
                Ok(()) | Err(mpsc::TryRecvError::Disconnected) => break,
                Err(mpsc::TryRecvError::Empty) if Instant::now() > deadline => break,
                Err(mpsc::TryRecvError::Empty) => {
                    actix_web::rt::time::sleep(Duration::from_millis(50)).await
                }
            }
        }
        handle.stop(false).await;
        let _ = server.await;
        Ok::<(), std::io::Error>(())
    });
    if let Err(error) = outcome {
        assert_ne!(
            error.kind(),
            ErrorKind::AddrInUse,
            "page port taken: {error}"
        );
        panic!("page server: {error}");
    }
}

/// The body of `GET path` on a loopback port, sent without `Origin` as a
/// client that is no browser; panics unless the answer is a 200.
fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .unwrap_or_else(|error| panic!("cannot connect to port {port}: {error}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .unwrap_or_else(|error| panic!("GET {path}: no complete answer within 10 s: {error}"));
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("GET {path}: not an HTTP answer: {response:?}"));
    assert!(
        head.starts_with("HTTP/1.1 200 "),
        "GET {path} answered {head:?}"
    );
    body.to_owned()
}

fn html(body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .body(body)
}

fn script(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .body(body)
}

#[test]
fn dynamic_origins_refuses_to_start_on_a_bad_origin() {
    let unset = Command::new(example_binary("dynamic_origins"))
        .env_remove("ALLOWED_ORIGINS")
        .env("BIND", format!("127.0.0.1:{}", free_port()))
        .output()
        .expect("dynamic_origins runs");
    // `main` returns the error with `?`: Rust prints `Error: {error:?}`,
    // here an `io::Error` around the message, which names the fix.
    assert_eq!(unset.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&unset.stderr),
        "Error: Custom { kind: InvalidInput, error: ALLOWED_ORIGINS is not set: set it to the origins of origin set \"frontend\", separated by commas, such as ALLOWED_ORIGINS=\"https://app.example.com\" }\n"
    );

    let output = Command::new(example_binary("dynamic_origins"))
        .env(
            "ALLOWED_ORIGINS",
            "https://app.example.com/, http://intranet.example.com",
        )
        .env("BIND", format!("127.0.0.1:{}", free_port()))
        .output()
        .expect("dynamic_origins runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        "Error: Custom { kind: InvalidInput, error: ALLOWED_ORIGINS=\"https://app.example.com/, http://intranet.example.com\" (origin set \"frontend\") is not usable:\n  \
         origin \"https://app.example.com/\": origin must not end with `/`; write \"https://app.example.com\"\n  \
         origin \"http://intranet.example.com\": plain-http origin \"http://intranet.example.com\" cannot be in an origin set: any route may use the set, and with `credentials = true` anyone on the network path could act as it (a set takes https origins and loopback http); use \"https://intranet.example.com\" }\n"
    );
}
