//! `listraf serve` as a user runs it: it refuses a database that does not exist, prints its
//! URL, answers on the address it was given, and renders every page of an empty database.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

fn listraf() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_listraf"));
    c.env_remove("LISTRAF_DATABASE");
    c
}

/// Kills the server when the test ends, whatever happens.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Status line and body of a GET.
fn get(addr: &str, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

#[test]
fn serve_refuses_a_database_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let out = listraf()
        .args([
            "--db",
            db.to_str().unwrap(),
            "serve",
            "--addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no database"));
    assert!(!db.exists(), "nothing was created");
}

#[test]
fn serve_prints_its_url_and_renders_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let db = db.to_str().unwrap();
    assert!(
        listraf()
            .args(["--db", db, "migrate"])
            .status()
            .unwrap()
            .success()
    );
    let mut server = Server(
        listraf()
            .args(["--db", db, "serve", "--addr", "127.0.0.1:0"])
            .env("LISTRAF_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let (status, body) = get(addr, "/healthz");
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(body, "ok\n");
    for page in [
        "/",
        "/wilayah/32",
        "/wilayah/32.73",
        "/lowongan",
        "/okupasi/7212",
        "/api/v1/summary",
    ] {
        let (status, _) = get(addr, page);
        assert!(status.contains(" 200 "), "{page}: {status}");
    }
    let (_, body) = get(addr, "/");
    assert!(body.contains("seluruh periode"), "no vacancies, no window");
    let (status, _) = get(addr, "/blk/UPTP-3273-01");
    assert!(status.contains(" 404 "), "{status}");
}
