//! Black-box test of `listraf bench gap` on the real benchmark file: the three answers of
//! ANALYTICS.md, end to end (Parquet read, snapshot build, kernels, output format).
//! Skipped, with a printed reason, where the file is absent.

use std::path::Path;
use std::process::Command;

const BENCH_FILE: &str = "/work/shared/bench/vacancies_10m.parquet";

/// The value of `key=` on the stdout line that starts with `prefix`.
fn field<'a>(stdout: &'a str, prefix: &str, key: &str) -> &'a str {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{stdout}"));
    line.split(' ')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {key}= in {line:?}"))
}

#[test]
fn bench_gap_answers_the_three_benchmark_queries_exactly() {
    if !Path::new(BENCH_FILE).exists() {
        eprintln!("skipped: {BENCH_FILE} is absent (see /work/shared/bench/ANALYTICS.md)");
        return;
    }
    // One timed run is enough here: the answers are the point; `--release` gives the timings.
    let out = Command::new(env!("CARGO_BIN_EXE_listraf"))
        .args(["bench", "gap", "--input", BENCH_FILE, "--runs", "1"])
        .output()
        .expect("listraf runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        field(&stdout, "sha256=", "sha256"),
        "fbeb049003e1d440ceb8257a752d5553121896c0b761dffa3f8761ce004026d4"
    );
    assert_eq!(field(&stdout, "query=a ", "rows"), "2463845");
    assert_eq!(field(&stdout, "query=a ", "sum"), "18798090");
    assert_eq!(field(&stdout, "query=b ", "rows"), "36332");
    assert_eq!(field(&stdout, "query=b ", "sum"), "409891");
    assert_eq!(field(&stdout, "query=c ", "rows"), "20");
    assert_eq!(field(&stdout, "query=c ", "sum"), "8569");
    assert_eq!(
        field(&stdout, "query=c ", "order"),
        "2619,3113,2523,2351,3256,3422,5153,8171,2114,7113,2529,4223,2421,2514,7119,1420,9333,4412,8156,7522"
    );
    for key in ["load_ms", "read_ms", "build_ms"] {
        let v: f64 = field(&stdout, "load_ms=", key).parse().expect("a number");
        assert!(v >= 0.0);
    }
    let bytes_per_row: f64 = field(&stdout, "snapshot_bytes=", "bytes_per_row")
        .parse()
        .expect("a number");
    assert!(bytes_per_row <= 40.0, "{bytes_per_row} bytes per row");
}

#[test]
fn bench_gap_refuses_a_missing_file() {
    let out = Command::new(env!("CARGO_BIN_EXE_listraf"))
        .args(["bench", "gap", "--input", "/nonexistent/v.parquet"])
        .output()
        .expect("listraf runs");
    assert!(!out.status.success());
}
