//! Every route in one place, and the middleware around them: request metrics and logs,
//! a request timeout, a body-size limit, the language cookie and a few security headers.
//!
//! The only routes that change data are the import pages (`/impor`), the plan forms
//! (`POST /rencana`, `POST /rencana/{id}/whatif`) and the occupation review forms
//! (`POST /kode/tinjau/judul`, `POST /kode/tinjau/tarik`), which act only when the server
//! listens on a loopback address (see `pages/imports.rs`, `pages/plans.rs`, `pages/review.rs`)
//! and is addressed by a loopback name; a POST naming another site as its origin is refused
//! on every server (`same_site`).

use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, MatchedPath, Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{ApiError, AppError};
use crate::i18n::Lang;
use crate::{api, pages, plans};

/// No route takes a body yet; anything larger than this is refused before a handler runs.
const BODY_LIMIT: usize = 64 * 1024;

pub fn router(state: AppState) -> Router {
    // Uploads have their own, larger body limit (and no multipart default limit); every other
    // route takes no body at all beyond a small form.
    let uploads = Router::new()
        .route(
            "/impor",
            get(pages::imports::index).post(pages::imports::check),
        )
        .route(
            "/impor/simpan",
            get(pages::imports::after_commit).post(pages::imports::commit),
        )
        .route("/kode/berkas", post(pages::coding::code_file))
        .route("/kode/tinjau/berkas", post(pages::review::upload))
        .route(
            "/impor/kode-ulang",
            get(pages::imports::after_commit).post(pages::imports::recode),
        )
        // Enforced by the multipart reader while streaming, so the answer is the page's own
        // 413 message rather than a bare one.
        .layer(DefaultBodyLimit::max(state.upload_limit + 64 * 1024));
    // A server that may write (loopback) lets an import run to its end: the import carries
    // on to its commit on a blocking thread whatever the client is told, so a "try again"
    // after a timeout would be untrue, and its answer says what was done. A read-only
    // server writes nothing from an upload, so a slow or trickled one is cut off like any
    // request.
    let uploads = if state.uploads.is_some() {
        uploads
    } else {
        uploads.layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            state.request_timeout,
        ))
    };
    let reads = Router::new()
        .route("/", get(pages::overview::show))
        .route("/wilayah/{code}", get(pages::region::show))
        .route("/lowongan", get(pages::vacancies::index))
        .route("/lowongan/{id}", get(pages::vacancies::show))
        .route("/lowongan/{id}/kode", post(pages::vacancies::review))
        .route("/blk/{code}", get(pages::blk::show))
        .route("/okupasi/{isco}", get(pages::occupation::show))
        .route("/kesenjangan", get(pages::gap::index))
        .route("/hasil", get(pages::results::index))
        .route("/tren", get(pages::trend::show))
        .route("/potensi/{code}", get(pages::potential::show))
        .route("/kode", get(pages::coding::show))
        // Occupation review: the POST routes write only on a loopback server (pages/review.rs).
        .route("/kode/tinjau", get(pages::review::index))
        .route(
            "/kode/tinjau/judul",
            get(pages::review::title).post(pages::review::save),
        )
        .route("/kode/tinjau/tarik", post(pages::review::withdraw))
        // Plan runs: the POST routes solve and save only on a loopback server (pages/plans.rs).
        .route(
            "/rencana",
            get(pages::plans::index).post(pages::plans::create),
        )
        .route("/rencana/{id}", get(pages::plans::show))
        .route("/rencana/{id}/whatif", post(pages::plans::whatif))
        .route("/api/v1/summary", get(api::summary))
        .route("/api/v1/regions/{code}", get(api::region))
        .route("/api/v1/vacancies", get(api::vacancies))
        .route("/api/v1/vacancies/{id}", get(api::vacancy))
        .route("/api/v1/occupations/{isco}", get(api::occupation))
        .route("/api/v1/blks/{code}", get(api::blk))
        .route("/api/v1/gap", get(api::gap))
        .route("/api/v1/outcomes", get(api::outcomes))
        .route("/api/v1/blks/{code}/scorecard", get(api::scorecard))
        .route("/api/v1/forecast", get(api::forecast))
        .route("/api/v1/potential/{code}", get(api::potential))
        .route("/api/v1/code", get(api::code))
        .route("/api/v1/review-queue", get(api::review_queue))
        .route(
            "/api/v1/blks/{code}/recommendations",
            get(plans::api_recommendations),
        )
        .route("/api/v1/plans", get(plans::api_plans))
        .route("/api/v1/plans/{id}", get(plans::api_plan))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            state.request_timeout,
        ));
    reads
        .merge(uploads)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Outside `same_site`, so its refusals carry the security headers too.
        .layer(middleware::from_fn_with_state(state.clone(), same_site))
        .layer(middleware::from_fn(headers))
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .with_state(state)
}

/// Counts and times every request by route pattern, and logs it: method, route pattern,
/// status and time only (no query string, no client address).
async fn track(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let response = next.run(req).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    st.metrics.record(&route, &method, status, elapsed);
    tracing::info!(
        method,
        route,
        status,
        ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// Remembers `?lang=` in a cookie, and sets headers every answer should carry.
async fn headers(req: Request, next: Next) -> Response {
    let asked = req.uri().query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::parse(&v))
    });
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    if let Some(lang) = asked
        && let Ok(v) = HeaderValue::from_str(&format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        ))
    {
        h.append(SET_COOKIE, v);
    }
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    response
}

/// Refuses what another site could make a browser do here.
///
/// A server that may change data (one listening on a loopback address) answers only requests
/// addressed to a loopback name: a page of another site whose name it rebinds to 127.0.0.1
/// (DNS rebinding) would otherwise read a form's token and post with it, and a reverse proxy
/// would otherwise put the import pages before the public: a request a proxy says it forwarded
/// (`Forwarded`, `X-Forwarded-*`, `X-Real-IP`, `Via`) is refused too, whatever Host it carries.
/// A proxy that says nothing and passes a loopback Host cannot be told from a local browser, so
/// a server meant for others listens on another address and is read-only. On every server, a
/// request that changes something and names its origin must come from this server's own
/// pages (the host a proxy says it was asked for, else the Host).
async fn same_site(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let Some((id, en)) = foreign(&req, st.uploads.is_some()) else {
        return next.run(req).await;
    };
    // The page's language and path are read only for a refusal: the handlers read their own.
    let (mut parts, _) = req.into_parts();
    let Ok(c) = Ctx::from_request_parts(&mut parts, &st).await;
    let e = AppError::Refused {
        status: StatusCode::FORBIDDEN,
        code: "foreign_site",
        id: id.to_string(),
        en: en.to_string(),
    };
    if c.path.starts_with("/api/") {
        ApiError(e).into_response()
    } else {
        pages::error_page(&c, e)
    }
}

/// Why `same_site` refuses a request, in Indonesian and English, if it does.
fn foreign(req: &Request, writable: bool) -> Option<(&'static str, &'static str)> {
    let header = |name| {
        req.headers()
            .get(name)
            .map(|v| v.to_str().unwrap_or("\u{fffd}").to_ascii_lowercase())
    };
    let host = header(HOST);
    // A reverse proxy may pass on a loopback Host (nginx sends its upstream's address by
    // default), but says it forwarded the request; a browser on this machine never does.
    let forwarded = [
        "forwarded",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-real-ip",
        "via",
    ]
    .iter()
    .any(|h| req.headers().contains_key(*h));
    if writable && (forwarded || host.as_deref().is_some_and(|h| !is_loopback_host(h))) {
        Some((
            "Server ini dapat mengubah data, maka hanya menjawab alamat localhost atau 127.0.0.1 di komputer ini. Buka halaman ini melalui alamat tersebut; server untuk pengguna lain dijalankan pada alamat lain dan hanya untuk dibaca.",
            "This server can change data, so it answers only to localhost or 127.0.0.1 on this machine. Open the page through that address; a server for other users runs on another address and is read-only.",
        ))
    } else if !matches!(req.method().as_str(), "GET" | "HEAD" | "OPTIONS")
        && header(ORIGIN).is_some_and(|o| {
            let asked = header(axum::http::HeaderName::from_static("x-forwarded-host")).or(host);
            Some(o.split_once("://").map_or(o.as_str(), |(_, h)| h)) != asked.as_deref()
        })
    {
        Some((
            "Permintaan ini datang dari halaman situs lain dan ditolak. Gunakan formulir di situs ini.",
            "This request came from another site's page and is refused. Use this site's forms.",
        ))
    } else {
        None
    }
}

/// `localhost`, `127.x.x.x` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name == "localhost"
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers.
async fn readyz(State(st): State<AppState>) -> Response {
    match st.pool.run(|s| s.ping()).await {
        Ok(()) => "ready\n".into_response(),
        Err(e) => {
            e.log();
            (StatusCode::SERVICE_UNAVAILABLE, "database not answering\n").into_response()
        }
    }
}

async fn metrics(State(st): State<AppState>) -> Response {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        st.metrics.render() + &st.analysis.metrics(),
    )
        .into_response()
}

/// A known URL asked with a method it does not take (a POST to a page that only shows): said in the
/// page's language, or as JSON under `/api/`, instead of an empty 405.
async fn method_not_allowed(c: Ctx) -> Response {
    let e = AppError::Refused {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        id: "Alamat ini tidak menerima permintaan jenis ini (metode HTTP); gunakan tautan dan formulir situs ini.".to_string(),
        en: "This address does not take this kind of request (HTTP method); use this site's links and forms.".to_string(),
    };
    if c.path.starts_with("/api/") {
        ApiError(e).into_response()
    } else {
        pages::error_page(&c, e)
    }
}

/// Unknown URLs: a JSON error under `/api/`, a page elsewhere.
async fn not_found(c: Ctx) -> Response {
    let e = AppError::no_route(&c.path.chars().take(200).collect::<String>());
    if c.path.starts_with("/api/") {
        ApiError(e).into_response()
    } else {
        pages::error_page(&c, e)
    }
}
