//! One error type for every handler, rendered as an HTML page or as JSON.
//!
//! User errors (unknown codes, bad parameters) carry a stable code and a message in both
//! languages; internal errors are logged through `tracing` and the user sees a generic message.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::i18n::Lang;

#[derive(Debug)]
pub enum AppError {
    NotFound {
        code: &'static str,
        id: String,
        en: String,
    },
    BadRequest {
        code: &'static str,
        param: String,
        id: String,
        en: String,
    },
    /// Understood but not done: forbidden here (403), too large (413), a stale form (409).
    Refused {
        status: StatusCode,
        code: &'static str,
        id: String,
        en: String,
    },
    /// Too busy or shutting down.
    Unavailable,
    /// A defect or a database failure: logged, never shown.
    Internal(String),
}

impl AppError {
    pub fn unknown_region(input: &str) -> AppError {
        AppError::NotFound {
            code: "unknown_region",
            id: format!(
                "Wilayah \"{input}\" tidak dikenal. Gunakan kode Kemendagri, misalnya 32 (Jawa Barat) atau 32.73 (Kota Bandung)."
            ),
            en: format!(
                "There is no region \"{input}\". Use a Kemendagri code such as 32 (Jawa Barat) or 32.73 (Kota Bandung)."
            ),
        }
    }

    pub fn unknown_blk(input: &str) -> AppError {
        AppError::NotFound {
            code: "unknown_blk",
            id: format!("BLK dengan kode \"{input}\" tidak ditemukan."),
            en: format!("There is no BLK with code \"{input}\"."),
        }
    }

    pub fn unknown_occupation(input: &str) -> AppError {
        AppError::NotFound {
            code: "unknown_occupation",
            id: format!(
                "Jabatan \"{input}\" tidak ada di KBJI 2014/ISCO-08. Gunakan kode 1 sampai 4 angka, misalnya 7212."
            ),
            en: format!(
                "There is no ISCO-08/KBJI 2014 group \"{input}\". Use a code of 1 to 4 digits such as 7212."
            ),
        }
    }

    pub fn unknown_vacancy(input: &str) -> AppError {
        AppError::NotFound {
            code: "unknown_vacancy",
            id: format!("Lowongan nomor \"{input}\" tidak ditemukan. Cari lowongan di /lowongan."),
            en: format!("There is no vacancy number \"{input}\". Look for vacancies at /lowongan."),
        }
    }

    pub fn no_route(path: &str) -> AppError {
        AppError::NotFound {
            code: "not_found",
            id: format!("Halaman {path} tidak ada."),
            en: format!("There is no page at {path}."),
        }
    }

    pub fn bad_param(param: &str, id: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::BadRequest {
            code: "bad_parameter",
            param: param.to_string(),
            id: format!("Parameter \"{param}\" tidak valid: {}", id.into()),
            en: format!("Parameter \"{param}\" is not valid: {}", en.into()),
        }
    }

    /// A page that changes data was used on a server that may not (it does not listen on a
    /// loopback address). `what_id` / `what_en` name the action: "Impor", "Imports".
    pub fn read_only(what_id: &str, what_en: &str) -> AppError {
        AppError::Refused {
            status: StatusCode::FORBIDDEN,
            code: "read_only",
            id: format!(
                "{what_id} hanya dapat dilakukan di server yang mendengarkan alamat loopback (komputer operator), sampai akun dan hak akses tersedia."
            ),
            en: format!(
                "{what_en} are only possible on a server listening on a loopback address (the operator's machine), until accounts and permissions exist."
            ),
        }
    }

    /// A form without this server's token: from another site, or from before a restart.
    /// `page_id` / `page_en` name the page to reload.
    pub fn stale_form(page_id: &str, page_en: &str) -> AppError {
        AppError::Refused {
            status: StatusCode::FORBIDDEN,
            code: "stale_form",
            id: format!(
                "Formulir ini tidak berasal dari server ini atau sudah kedaluwarsa. Muat ulang halaman {page_id}."
            ),
            en: format!(
                "This form did not come from this server or has expired. Reload the {page_en} page."
            ),
        }
    }

    pub fn unknown_param(param: &str, allowed: &[&str]) -> AppError {
        AppError::BadRequest {
            code: "unknown_parameter",
            param: param.to_string(),
            id: format!(
                "Parameter \"{param}\" tidak dikenal di sini; yang dikenal: {}.",
                allowed.join(", ")
            ),
            en: format!(
                "Parameter \"{param}\" is not known here; known parameters: {}.",
                allowed.join(", ")
            ),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Refused { status, .. } => *status,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound { code, .. }
            | AppError::BadRequest { code, .. }
            | AppError::Refused { code, .. } => code,
            AppError::Unavailable => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                AppError::NotFound { id, .. }
                | AppError::BadRequest { id, .. }
                | AppError::Refused { id, .. },
                Lang::Id,
            ) => id.clone(),
            (
                AppError::NotFound { en, .. }
                | AppError::BadRequest { en, .. }
                | AppError::Refused { en, .. },
                Lang::En,
            ) => en.clone(),
            (AppError::Unavailable, Lang::Id) => {
                "Server sedang sibuk; coba lagi sebentar lagi.".into()
            }
            (AppError::Unavailable, Lang::En) => "The server is busy; try again shortly.".into(),
            (AppError::Internal(_), Lang::Id) => {
                "Terjadi kesalahan di server. Kesalahan sudah dicatat.".into()
            }
            (AppError::Internal(_), Lang::En) => {
                "Something went wrong on the server. It has been logged.".into()
            }
        }
    }

    pub fn param(&self) -> Option<&str> {
        match self {
            AppError::BadRequest { param, .. } => Some(param),
            _ => None,
        }
    }

    /// Logs internal errors (the only place they are logged).
    pub(crate) fn log(&self) {
        if let AppError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
    }
}

/// An error answered as JSON: `{"code": "unknown_region", "message": "…"}`.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let mut body = serde_json::json!({
            "code": self.0.code(),
            "message": self.0.message(Lang::En),
        });
        if let Some(p) = self.0.param() {
            body["parameter"] = p.into();
        }
        (self.0.status(), Json(body)).into_response()
    }
}
