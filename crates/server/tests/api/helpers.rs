//! `spawn_app()`: a server on a random port over a small database built once per test binary
//! through the real import path; and a minimal HTTP/1.1 client (one connection per request),
//! so the tests need no HTTP client crate.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;

use domain::Scope;
use pipeline::{ImportOptions, Outcome};
use store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Synthetic data at 2 % of the demo: every province, a few thousand rows per entity.
const SCALE: f64 = 0.02;
const SEED: u64 = 20250101;

pub struct TestApp {
    pub addr: SocketAddr,
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.text())
    }
}

/// Whether the process that left a database or folder named after its id still runs.
fn alive(pid: &str) -> bool {
    std::path::Path::new("/proc").join(pid).exists()
}

/// This run's folder under cargo's per-target temporary folder, with the folders of earlier
/// runs removed (a static is never dropped, so each run cleans up after the last).
fn work_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    if let Ok(entries) = std::fs::read_dir(&root) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if let Some(pid) = name.strip_prefix("server-api-")
                && !alive(pid)
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let dir = root.join(format!("server-api-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The synthetic files, written once.
fn synth_files() -> &'static (PathBuf, Vec<(&'static str, PathBuf)>) {
    static FILES: OnceLock<(PathBuf, Vec<(&'static str, PathBuf)>)> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = work_dir();
        let files = synth::write_all(
            &dir.join("files"),
            &synth::SynthConfig {
                seed: SEED,
                scale: SCALE,
            },
        )
        .unwrap();
        (dir, files)
    })
}

/// Imports every synthetic file into `target`, as `listraf demo` does.
fn build_database(target: &str) {
    let mut store = Store::open(target).unwrap();
    for (entity, path) in &synth_files().1 {
        let opts = ImportOptions {
            actor: "test".into(),
            synthetic: true,
            source_label: Some("synthetic test data".into()),
            ..Default::default()
        };
        let report = pipeline::import_file(
            &mut store,
            &Scope::Central,
            ingest::Entity::parse(entity).unwrap(),
            path,
            &opts,
            &mut |_, _| {},
        )
        .unwrap();
        assert!(
            matches!(report.outcome, Outcome::Committed(_)),
            "{entity}: {:?} {:?}",
            report.outcome,
            report.problems.first()
        );
    }
    // Targets as `listraf demo` proposes them: the data's last year is project year 2.
    let last = store.latest_posting().unwrap().unwrap().year() as u16;
    let targets = synth_files()
        .0
        .join(format!("targets-{}.csv", std::process::id()));
    let n = pipeline::outcomes::write_proposed_targets_csv(
        &mut store,
        &analytics::outcomes::OutcomeSettings::default(),
        last - 1,
        &targets,
    )
    .unwrap();
    assert!(n > 0);
    let report = pipeline::import_file(
        &mut store,
        &Scope::Central,
        ingest::Entity::Targets,
        &targets,
        &ImportOptions {
            actor: "test".into(),
            synthetic: true,
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert!(matches!(report.outcome, Outcome::Committed(_)));
    store
        .set_setting(
            "dataset",
            "synthetic demo data: not real people or vacancies",
        )
        .unwrap();
    store.checkpoint().unwrap();
}

/// The SQLite test database, built on first use.
fn database() -> &'static str {
    static DB: OnceLock<String> = OnceLock::new();
    DB.get_or_init(|| {
        let target = synth_files().0.join("test.db");
        let target = target.display().to_string();
        build_database(&target);
        target
    })
}

async fn start(target: &str) -> TestApp {
    serve_on(target, "127.0.0.1:0", server::Options::default()).await
}

/// A server on the shared test database, bound to `bind`, with `options`.
pub async fn start_with(bind: &str, options: server::Options) -> TestApp {
    let target = tokio::task::spawn_blocking(database).await.unwrap();
    serve_on(target, bind, options).await
}

async fn serve_on(target: &str, bind: &str, options: server::Options) -> TestApp {
    // Opening is blocking (and PostgreSQL's client runs its own runtime).
    let owned = target.to_string();
    let state =
        tokio::task::spawn_blocking(move || server::AppState::open(&owned, options).unwrap())
            .await
            .unwrap();
    let listener = tokio::net::TcpListener::bind(bind).await.unwrap();
    let mut addr = listener.local_addr().unwrap();
    // A server on every interface is reached through loopback.
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    tokio::spawn(server::serve(listener, state, std::future::pending()));
    TestApp { addr }
}

pub async fn spawn_app() -> TestApp {
    let target = tokio::task::spawn_blocking(database).await.unwrap();
    start(target).await
}

/// Imports a vacancy file into `store` through the real import path, as a user would;
/// panics, with the report, unless it was committed. Blocking: call it off the test's runtime.
pub fn import_vacancies(store: &mut Store, file: &std::path::Path) {
    let report = pipeline::import_file(
        store,
        &Scope::Central,
        ingest::Entity::Vacancies,
        file,
        &ImportOptions {
            actor: "test".into(),
            ..Default::default()
        },
        &mut |_, _| {},
    )
    .unwrap();
    assert!(
        matches!(report.outcome, Outcome::Committed(_)),
        "{:?} {:?}",
        report.outcome,
        report.problems
    );
}

/// A server on a private copy of the test database, for tests that import into it. Returns
/// the app and the copy's path.
pub async fn spawn_app_on_copy(name: &str) -> (TestApp, String) {
    let source = tokio::task::spawn_blocking(database).await.unwrap();
    let copy = synth_files().0.join(format!("{name}.db"));
    let copy = copy.display().to_string();
    let (s, c) = (source.to_string(), copy.clone());
    tokio::task::spawn_blocking(move || {
        for suffix in ["-wal", "-shm", ""] {
            let _ = std::fs::remove_file(format!("{c}{suffix}"));
        }
        // The original was checkpointed when it was built and is only read since, so the
        // main file alone is the whole database.
        std::fs::copy(&s, &c).unwrap();
    })
    .await
    .unwrap();
    (start(&copy).await, copy)
}

/// A PostgreSQL database made for one test, dropped when the test ends.
pub struct PgDatabase {
    admin: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // The blocking client cannot run on the test's async thread.
        let (admin, name) = (self.admin.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            if let Ok(mut c) = postgres::Client::connect(&admin, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        })
        .join();
    }
}

/// The same data in a fresh PostgreSQL database; `None`, after printing why, when no server
/// answers. Keep the returned database alive for as long as the app is used.
pub async fn spawn_app_on_postgres() -> Option<(TestApp, PgDatabase)> {
    let db = tokio::task::spawn_blocking(|| {
        let admin = std::env::var("LISTRAF_TEST_PG")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut client =
            match postgres::Client::connect(&format!("{admin}?connect_timeout=3"), postgres::NoTls)
            {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("SKIPPED on PostgreSQL: no server at {admin}: {e}");
                    return None;
                }
            };
        let name = format!(
            "listraf_server_test_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let db = PgDatabase { admin, name };
        let base = db
            .admin
            .rsplit_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap();
        build_database(&format!("{base}/{}", db.name));
        Some(db)
    })
    .await
    .unwrap()?;
    let base = db
        .admin
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap();
    let app = start(&format!("{base}/{}", db.name)).await;
    Some((app, db))
}

impl TestApp {
    /// Posts a multipart upload form, as a browser whose language cookie is `lang` (none: the
    /// default, Indonesian) sends it: the text fields, then the file field when given.
    pub async fn post_multipart(
        &self,
        path: &str,
        lang: Option<&str>,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Response {
        const BOUNDARY: &str = "----listraf-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((name, data)) = file {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let ct = format!("multipart/form-data; boundary={BOUNDARY}");
        let cookie = lang.map(|l| format!("lang={l}"));
        let mut headers = vec![("Content-Type", ct.as_str())];
        if let Some(c) = &cookie {
            headers.push(("Cookie", c.as_str()));
        }
        self.request("POST", path, &headers, &body).await
    }

    /// Posts a URL-encoded form body.
    pub async fn post_form(&self, path: &str, form: &str) -> Response {
        self.request(
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            form.as_bytes(),
        )
        .await
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"").await
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Response {
        self.request("GET", path, &[("Cookie", cookie)], b"").await
    }

    /// Status and parsed JSON body.
    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.get(path).await;
        assert!(
            r.header("content-type")
                .is_some_and(|c| c.starts_with("application/json")),
            "{path}: {:?}",
            r.header("content-type")
        );
        (r.status, serde_json::from_slice(&r.body).unwrap())
    }

    pub async fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let host = self.addr.to_string();
        self.request_to_host(&host, method, path, headers, body)
            .await
    }

    /// A request that names `host` as the server it is meant for, as a browser does for the
    /// name in its address bar, whatever address that name led it to.
    pub async fn request_to_host(
        &self,
        host: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        // The server may answer (e.g. 413) and close before reading a large body.
        let _ = stream.write_all(body).await;
        let mut raw = Vec::new();
        // On the heap: an array here would make every future that awaits a request 16 KiB
        // larger, and the browser test's future outgrew a test thread's stack.
        let mut buf = vec![0u8; 16 * 1024];
        // Read until the response is complete: by Content-Length, by the last chunk, or
        // until the peer closes (not every server honours `Connection: close` at once).
        loop {
            if response_complete(&raw) {
                break;
            }
            match tokio::time::timeout(std::time::Duration::from_secs(60), stream.read(&mut buf))
                .await
            {
                Ok(Ok(0)) | Ok(Err(_)) => break,
                Ok(Ok(n)) => raw.extend_from_slice(&buf[..n]),
                Err(_) => panic!("{method} {path}: no complete answer within 60 s"),
            }
        }
        parse_response(&raw)
    }
}

fn response_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return body.len() >= len;
    }
    if head.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n");
    }
    false
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete HTTP response head");
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&rest[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = eol + 2;
        out.extend_from_slice(&rest[start..(start + size).min(rest.len())]);
        rest = &rest[(start + size + 2).min(rest.len())..];
    }
}
