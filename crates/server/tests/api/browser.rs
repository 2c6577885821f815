//! A real browser (Debian's `chromium` driven through `chromedriver`, W3C WebDriver over plain
//! HTTP with the test client) clicks through the application: the national map, a province, a
//! regency, a BLK, the language switch and the vacancy explorer. Skipped, saying so, when
//! Chromium is not installed. With `LISTRAF_SCREENSHOTS=<folder>` it saves a PNG per page.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The driver process, killed when the test ends. A session still open then (a failed
/// assertion) is deleted first, or its browser would outlive the driver.
struct Driver {
    child: Child,
    http: TestApp,
    open_session: std::sync::Mutex<Option<String>>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(id) = self.open_session.lock().ok().and_then(|mut s| s.take())
            && let Ok(mut stream) = std::net::TcpStream::connect(self.http.addr)
        {
            use std::io::{Read, Write};
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = write!(
                stream,
                "DELETE /session/{id} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.http.addr
            );
            let _ = stream.read(&mut [0u8; 1024]);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Session<'a> {
    driver: &'a Driver,
    id: String,
    shots: Option<PathBuf>,
}

impl Driver {
    async fn start() -> Result<Driver, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?;
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let driver = Driver {
            child,
            http: TestApp { addr },
            open_session: std::sync::Mutex::new(None),
        };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if tokio::net::TcpStream::connect(addr).await.is_ok() {
                return Ok(driver);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err("chromedriver did not listen within 20 s".into())
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let headers: &[(&str, &str)] = if bytes.is_empty() {
            &[]
        } else {
            &[("Content-Type", "application/json")]
        };
        let r = self.http.request(method, path, headers, &bytes).await;
        let v: Value = serde_json::from_slice(&r.body)
            .unwrap_or_else(|_| panic!("{method} {path}: {}", r.text()));
        assert_eq!(r.status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    async fn session(&self) -> Session<'_> {
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400"]
            }
        }}});
        let v = self.call("POST", "/session", Some(caps)).await;
        let id = v["sessionId"].as_str().unwrap().to_string();
        *self.open_session.lock().unwrap() = Some(id.clone());
        Session {
            driver: self,
            id,
            shots: std::env::var_os("LISTRAF_SCREENSHOTS").map(PathBuf::from),
        }
    }
}

impl Session<'_> {
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.driver
            .call(method, &format!("/session/{}{path}", self.id), body)
            .await
    }

    async fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url}))).await;
    }

    async fn url(&self) -> String {
        self.call("GET", "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Waits (up to 10 s) for a navigation the page started itself, such as a form submit.
    async fn wait_for_url(&self, done: impl Fn(&str) -> bool) {
        let started = Instant::now();
        loop {
            let url = self.url().await;
            if done(&url) && self.script("return document.readyState;").await == json!("complete") {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "still at {url}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn click(&self, css: &str) {
        let e = self
            .call(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        let id = e[ELEMENT].as_str().unwrap_or_else(|| panic!("{css}: {e}"));
        self.call("POST", &format!("/element/{id}/click"), Some(json!({})))
            .await;
    }

    async fn script(&self, js: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
        .await
    }

    /// The text of the first element matching `css`, waiting (up to 10 s) for it to appear: a
    /// form that posts to its own page (the import check) leaves the URL as it was, so
    /// `wait_for_url` can return before the answer has loaded.
    async fn text(&self, css: &str) -> String {
        let js =
            format!("const e = document.querySelector({css:?}); return e && e.textContent.trim();");
        let started = Instant::now();
        loop {
            if let Some(t) = self.script(&js).await.as_str() {
                return t.to_string();
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{css}: no such element after 10 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn screenshot(&self, name: &str) {
        let Some(dir) = &self.shots else {
            return;
        };
        let b64 = self.call("GET", "/screenshot", None).await;
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(
            Path::new(dir).join(format!("{name}.png")),
            base64_decode(b64.as_str().unwrap()),
        )
        .unwrap();
    }

    async fn close(self) {
        let _ = self
            .driver
            .http
            .request("DELETE", &format!("/session/{}", self.id), &[], b"")
            .await;
        self.driver.open_session.lock().unwrap().take();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|&c| value(c) as u32).collect();
        let n = v.iter().fold(0u32, |acc, x| acc << 6 | x) << (6 * (4 - v.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..v.len().saturating_sub(1)]);
    }
    out
}

#[tokio::test]
async fn a_real_browser_drills_from_the_map_to_a_blk_and_switches_language() {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        eprintln!("SKIPPED: no chromium (apt-get install chromium chromium-driver)");
        return;
    }
    let app = spawn_app().await;
    let base = format!("http://{}", app.addr);
    let driver = match Driver::start().await {
        Ok(d) => d,
        Err(e) => {
            eprintln!("SKIPPED: no chromium: {e}");
            return;
        }
    };
    let s = driver.session().await;

    s.go(&format!("{base}/")).await;
    assert_eq!(s.text("h1").await, "Ringkasan nasional");
    let areas = s
        .script("return document.querySelectorAll('svg.map a[data-code]').length;")
        .await;
    assert_eq!(areas, json!(38));
    s.screenshot("overview").await;

    // The map is a way in: click Jawa Barat.
    s.click("svg.map a[data-code=\"32\"] path").await;
    assert_eq!(s.url().await, format!("{base}/wilayah/32"));
    assert_eq!(s.text("h1").await, "Jawa Barat");
    s.screenshot("province").await;

    s.click("#regencies tbody tr:first-child td:nth-child(2) a")
        .await;
    assert!(s.url().await.starts_with(&format!("{base}/wilayah/32.")));
    assert!(s.text(".crumbs").await.contains("Jawa Barat"));
    s.screenshot("regency").await;

    s.click(".crumbs a[href=\"/wilayah/32\"]").await;
    s.click("#blks tbody tr:first-child td:nth-child(2) a")
        .await;
    let blk_url = s.url().await;
    assert!(blk_url.starts_with(&format!("{base}/blk/")));
    let blk_name = s.text("h1").await;
    assert_eq!(s.text("#capacity h2").await, "Kapasitas per kejuruan");
    s.screenshot("blk").await;

    // English, and it sticks on the next page.
    s.click("#lang-switch").await;
    assert_eq!(
        s.script("return document.documentElement.lang;").await,
        json!("en")
    );
    assert_eq!(s.text("h1").await, blk_name);
    assert_eq!(s.text("#capacity h2").await, "Capacity by vocational field");
    s.click("header nav a[href=\"/lowongan\"]").await;
    assert_eq!(s.text("h1").await, "Vacancies");
    s.screenshot("vacancies-en").await;

    // The explorer's form filters by province.
    s.click("#lang-switch").await;
    s.script("document.querySelector('select[name=province]').value = '32';")
        .await;
    s.click("form.filters button[type=submit]").await;
    s.wait_for_url(|u| u.contains("province=32")).await;
    let regions = s
        .script("return Array.from(document.querySelectorAll('#vacancies tbody td:nth-child(4)')).map(e => e.textContent);")
        .await;
    let regions = regions.as_array().unwrap();
    assert!(!regions.is_empty());
    assert!(
        regions
            .iter()
            .all(|r| r.as_str().unwrap().starts_with("32."))
    );

    // A vacancy's title opens its page: the ad, its occupation and how it was coded.
    let title = s
        .text("#vacancies tbody tr:first-child td:nth-child(2)")
        .await;
    s.click("#vacancies tbody tr:first-child td:nth-child(2) a")
        .await;
    s.wait_for_url(|u| u.contains("/lowongan/")).await;
    assert_eq!(s.text("#vacancy-title").await, title);
    assert!(s.text("#fact-region").await.contains("(32."));
    assert!(
        s.text("#recorded-code")
            .await
            .contains("kode dari sumber data")
    );
    s.screenshot("vacancy").await;

    // The gap page ranks occupations, shortage first.
    s.click("header nav a[href=\"/kesenjangan\"]").await;
    assert_eq!(
        s.text("#gap tbody tr:first-child td:first-child").await,
        "1"
    );
    s.screenshot("gap").await;
    s.click("#gap tbody tr:first-child td:nth-child(5) a").await;
    s.wait_for_url(|u| u.contains("/tren?")).await;
    let bands = s
        .script("return document.querySelectorAll('#trend-chart polygon').length;")
        .await;
    assert_eq!(bands, json!(2), "a forecast with its two interval bands");
    s.screenshot("trend").await;

    // Titles pasted into the coding page are coded in place, in Indonesian.
    s.click("header nav a[href=\"/kode\"]").await;
    s.script(
        "document.querySelector('#judul').value = 'Juru Masak\\nOperator Produksi\\tCikarang';",
    )
    .await;
    s.click("#code-form button[type=submit]").await;
    s.wait_for_url(|u| u.contains("/kode?judul=")).await;
    assert_eq!(
        s.text("#coded tbody tr:first-child td:nth-child(3)").await,
        "5120"
    );
    assert!(
        s.text("#coded tbody tr:nth-child(2) td:nth-child(10)")
            .await
            .starts_with("32.16 ")
    );
    assert!(s.text("#code-summary").await.starts_with("2 / 2"));
    s.screenshot("coding").await;

    // From the coding page to the review queue and its first title: its ads and the form
    // (the shared test database is not written: the HTTP tests save reviews on a copy).
    s.click("#review-link").await;
    s.wait_for_url(|u| u.ends_with("/kode/tinjau")).await;
    // The first title the coder gives codes to (an uncoded one has no suggestions to show).
    let row = s
        .script(
            "return Array.from(document.querySelectorAll('#review_queue tbody tr'))
                 .findIndex(r => r.querySelector('td:nth-child(5)').textContent.trim() !== '') + 1;",
        )
        .await
        .as_u64()
        .filter(|&n| n > 0)
        .expect("a queued title with codes");
    let first = s
        .text(&format!(
            "#review_queue tbody tr:nth-child({row}) td:nth-child(1)"
        ))
        .await;
    s.screenshot("review-queue").await;
    s.click(&format!(
        "#review_queue tbody tr:nth-child({row}) td:nth-child(1) a"
    ))
    .await;
    s.wait_for_url(|u| u.contains("/kode/tinjau/judul?judul="))
        .await;
    assert_eq!(s.text("#review-heading").await, first);
    assert!(!s.text("#review-suggestions").await.is_empty());
    let options = s
        .script("return document.querySelectorAll('#review-codes option').length;")
        .await;
    assert!(options.as_u64().is_some_and(|n| n >= 1), "{options}");
    s.script("document.querySelector('#review-isco').value = document.querySelector('#review-codes option').value;")
        .await;
    s.screenshot("review-title").await;

    // A dry-run import of a file with a bad date: the row's error is shown, nothing saved.
    let bad = std::env::temp_dir().join(format!("listraf-browser-{}.csv", std::process::id()));
    std::fs::write(
        &bad,
        "source,source_id,title,employer,region_code,isco08,positions,posted_date\n\
         uji,BR-1,Juru Masak,PT Rasa Nusantara,32.73,5120,1,2025-11-03\n\
         uji,BR-2,Tukang Las,CV Baja Kuat,32.16,7212,2,2025-02-30\n",
    )
    .unwrap();
    s.click("header nav a[href=\"/impor\"]").await;
    s.script("document.querySelector('#entity').value = 'vacancies';")
        .await;
    let input = s
        .call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": "#file"})),
        )
        .await;
    let id = input[ELEMENT].as_str().unwrap().to_string();
    s.call(
        "POST",
        &format!("/element/{id}/value"),
        Some(json!({"text": bad.display().to_string()})),
    )
    .await;
    s.click("#check").await;
    s.wait_for_url(|u| u.ends_with("/impor")).await;
    assert_eq!(s.text("#report dd[data-key=invalid_rows]").await, "1");
    assert_eq!(s.text("#problems tbody tr td:nth-child(1)").await, "3");
    assert_eq!(
        s.text("#problems tbody tr td:nth-child(2)").await,
        "posted_date"
    );
    s.screenshot("import-dry-run").await;
    let _ = std::fs::remove_file(&bad);

    // The import page's recode, checked first: what would move, nothing saved.
    s.click("header nav a[href=\"/impor\"]").await;
    s.click("#recode-check").await;
    s.wait_for_url(|u| u.ends_with("/impor/kode-ulang")).await;
    assert!(
        s.text("#recode-outcome")
            .await
            .contains("tidak ada yang disimpan")
    );
    assert_eq!(
        s.text("#recode_counts tbody tr:first-child td:first-child")
            .await,
        "examined"
    );
    s.screenshot("recode-check").await;

    // At a telephone's width the BLK page's facts stay on the screen, each value under its
    // label, and the coding page's text box fits.
    s.call(
        "POST",
        "/window/rect",
        Some(json!({"width": 375, "height": 900})),
    )
    .await;
    s.go(&blk_url).await;
    let facts = s
        .script(
            "const w = document.documentElement.clientWidth;
             const dds = Array.from(document.querySelectorAll('dl.facts dd'));
             return [w, dds.length, dds.filter(d => { const r = d.getBoundingClientRect();
                 return r.right > w + 1 || r.width < 1; }).length];",
        )
        .await;
    let facts: Vec<u64> = facts
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap() as u64)
        .collect();
    assert!(facts[0] <= 400, "the window is narrow: {facts:?}");
    assert!(facts[1] > 5, "the BLK page lists facts: {facts:?}");
    assert_eq!(facts[2], 0, "facts off the screen: {facts:?}");
    s.screenshot("blk-narrow").await;
    s.go(&format!("{base}/kode")).await;
    let overflow = s
        .script("return document.querySelector('#judul').getBoundingClientRect().right - document.documentElement.clientWidth;")
        .await;
    assert!(overflow.as_f64().unwrap() <= 1.0, "{overflow}");
    s.close().await;
}
