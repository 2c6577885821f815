//! One small SQL surface over SQLite (rusqlite) and PostgreSQL (postgres).
//!
//! Queries are written once, with PostgreSQL's `$1` placeholders; for SQLite they are rewritten
//! to `?1` (cached). Parameters and results go through two tiny value enums, so the rest of the
//! crate never matches on the engine.

use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use crate::StoreError;

/// A parameter.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

/// A result cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A result row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Cell>);

impl Row {
    pub fn int(&self, i: usize) -> i64 {
        match self.0.get(i) {
            Some(Cell::Int(v)) => *v,
            Some(Cell::Real(v)) => *v as i64,
            _ => 0,
        }
    }

    pub fn opt_int(&self, i: usize) -> Option<i64> {
        match self.0.get(i) {
            Some(Cell::Int(v)) => Some(*v),
            Some(Cell::Real(v)) => Some(*v as i64),
            _ => None,
        }
    }

    pub fn opt_real(&self, i: usize) -> Option<f64> {
        match self.0.get(i) {
            Some(Cell::Real(v)) => Some(*v),
            Some(Cell::Int(v)) => Some(*v as f64),
            _ => None,
        }
    }

    pub fn text(&self, i: usize) -> String {
        self.opt_text(i).unwrap_or_default()
    }

    pub fn opt_text(&self, i: usize) -> Option<String> {
        match self.0.get(i) {
            Some(Cell::Text(s)) => Some(s.clone()),
            Some(Cell::Int(v)) => Some(v.to_string()),
            Some(Cell::Real(v)) => Some(v.to_string()),
            _ => None,
        }
    }

    /// The cell as plain text for CSV export (empty for NULL).
    pub fn display(&self, i: usize) -> String {
        match self.0.get(i) {
            Some(Cell::Text(s)) => s.clone(),
            Some(Cell::Int(v)) => v.to_string(),
            Some(Cell::Real(v)) => v.to_string(),
            Some(Cell::Blob(b)) => b.iter().map(|x| format!("{x:02x}")).collect(),
            _ => String::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::FLOAT8 => (v as f64).to_sql(ty, out),
                Type::FLOAT4 => (v as f32).to_sql(ty, out),
                Type::BOOL => (v != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Real(v) => match *ty {
                Type::FLOAT4 => (v as f32).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(v),
            Value::Real(v) => ValueRef::Real(v),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub(crate) enum Conn {
    Sqlite {
        conn: rusqlite::Connection,
        rewritten: HashMap<String, String>,
    },
    Pg {
        client: postgres::Client,
        statements: HashMap<String, postgres::Statement>,
    },
}

/// `$1` → `?1`, leaving quoted text alone.
fn to_sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        out.push(if c == '$' && !quoted { '?' } else { c });
    }
    out
}

impl Conn {
    pub(crate) fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite { .. } => Engine::Sqlite,
            Conn::Pg { .. } => Engine::Postgres,
        }
    }

    /// Runs several statements without parameters.
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite { conn, .. } => conn.execute_batch(sql).map_err(StoreError::from),
            Conn::Pg { client, .. } => client.batch_execute(sql).map_err(StoreError::from),
        }
    }

    /// Runs one statement; returns the number of rows changed.
    pub(crate) fn exec(&mut self, sql: &str, params: &[Value<'_>]) -> Result<u64, StoreError> {
        match self {
            Conn::Sqlite { conn, rewritten } => {
                let text = sqlite_text(rewritten, sql);
                let mut stmt = conn.prepare_cached(text)?;
                Ok(stmt.execute(rusqlite::params_from_iter(params.iter()))? as u64)
            }
            Conn::Pg { client, statements } => {
                let stmt = pg_statement(client, statements, sql)?;
                let refs: Vec<&(dyn ToSql + Sync)> =
                    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                Ok(client.execute(&stmt, &refs)?)
            }
        }
    }

    /// Runs a query and collects its rows.
    pub(crate) fn query(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
    ) -> Result<Vec<Row>, StoreError> {
        let mut rows = Vec::new();
        self.query_each(sql, params, |r| {
            rows.push(r);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Runs a query and hands each row to `f` as it arrives (SQLite streams; PostgreSQL
    /// collects the result first).
    pub(crate) fn query_each(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
        mut f: impl FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite { conn, rewritten } => {
                let text = sqlite_text(rewritten, sql);
                let mut stmt = conn.prepare_cached(text)?;
                let n = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
                while let Some(r) = rows.next()? {
                    let mut cells = Vec::with_capacity(n);
                    for i in 0..n {
                        use rusqlite::types::ValueRef;
                        cells.push(match r.get_ref(i)? {
                            ValueRef::Null => Cell::Null,
                            ValueRef::Integer(v) => Cell::Int(v),
                            ValueRef::Real(v) => Cell::Real(v),
                            ValueRef::Text(t) => {
                                Cell::Text(String::from_utf8_lossy(t).into_owned())
                            }
                            ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
                        });
                    }
                    f(Row(cells))?;
                }
                Ok(())
            }
            Conn::Pg { client, statements } => {
                let stmt = pg_statement(client, statements, sql)?;
                let refs: Vec<&(dyn ToSql + Sync)> =
                    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                for r in client.query(&stmt, &refs)? {
                    let mut cells = Vec::with_capacity(r.len());
                    for (i, col) in r.columns().iter().enumerate() {
                        let cell = match *col.type_() {
                            Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map(Cell::Int),
                            Type::INT4 => {
                                r.try_get::<_, Option<i32>>(i)?.map(|v| Cell::Int(v as i64))
                            }
                            Type::INT2 => {
                                r.try_get::<_, Option<i16>>(i)?.map(|v| Cell::Int(v as i64))
                            }
                            Type::BOOL => r
                                .try_get::<_, Option<bool>>(i)?
                                .map(|v| Cell::Int(v as i64)),
                            Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.map(Cell::Real),
                            Type::FLOAT4 => r
                                .try_get::<_, Option<f32>>(i)?
                                .map(|v| Cell::Real(v as f64)),
                            Type::BYTEA => r.try_get::<_, Option<Vec<u8>>>(i)?.map(Cell::Blob),
                            _ => r.try_get::<_, Option<String>>(i)?.map(Cell::Text),
                        };
                        cells.push(cell.unwrap_or(Cell::Null));
                    }
                    f(Row(cells))?;
                }
                Ok(())
            }
        }
    }

    pub(crate) fn query_row(
        &mut self,
        sql: &str,
        params: &[Value<'_>],
    ) -> Result<Option<Row>, StoreError> {
        let mut out = None;
        self.query_each(sql, params, |r| {
            if out.is_none() {
                out = Some(r);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

/// The SQLite form of a query, rewritten once and then looked up without allocating.
fn sqlite_text<'c>(cache: &'c mut HashMap<String, String>, sql: &str) -> &'c str {
    if !cache.contains_key(sql) {
        cache.insert(sql.to_string(), to_sqlite_placeholders(sql));
    }
    cache.get(sql).map(String::as_str).unwrap_or_default()
}

fn pg_statement(
    client: &mut postgres::Client,
    cache: &mut HashMap<String, postgres::Statement>,
    sql: &str,
) -> Result<postgres::Statement, StoreError> {
    if let Some(s) = cache.get(sql) {
        return Ok(s.clone());
    }
    let s = client.prepare(sql)?;
    cache.insert(sql.to_string(), s.clone());
    Ok(s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_rewritten_outside_quotes_only() {
        assert_eq!(
            super::to_sqlite_placeholders("SELECT $1, '$2' WHERE a = $2"),
            "SELECT ?1, '$2' WHERE a = ?2"
        );
    }
}
