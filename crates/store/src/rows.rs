//! Reading typed values out of rows, and building SQL with a variable number of parameters.

use crate::{Result, StoreError};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};
use uuid::Uuid;

pub(crate) fn text(row: &AnyRow, column: &str) -> Result<String> {
    Ok(row.try_get::<String, _>(column)?)
}

pub(crate) fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

pub(crate) fn id(row: &AnyRow, column: &str) -> Result<Uuid> {
    parse_id(&text(row, column)?)
}

pub(crate) fn opt_id(row: &AnyRow, column: &str) -> Result<Option<Uuid>> {
    opt_text(row, column)?.map(|s| parse_id(&s)).transpose()
}

pub(crate) fn opt_f64(row: &AnyRow, column: &str) -> Result<Option<f64>> {
    Ok(row.try_get::<Option<f64>, _>(column)?)
}

pub(crate) fn opt_i64(row: &AnyRow, column: &str) -> Result<Option<i64>> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}

pub(crate) fn i64_at(row: &AnyRow, index: usize) -> Result<i64> {
    Ok(row.try_get::<i64, _>(index)?)
}

/// A flag stored as an integer (0 or 1) on both backends.
pub(crate) fn get_flag(row: &AnyRow, column: &str) -> Result<bool> {
    Ok(opt_i64(row, column)?.unwrap_or(0) != 0)
}

/// A `YYYY-MM-DD` column that may be empty.
pub(crate) fn opt_date(row: &AnyRow, column: &str) -> Result<Option<time::Date>> {
    reparse(opt_text(row, column)?, passerelle_domain::housing::date)
}

/// A `YYYY-MM-DD` column that must hold a day.
pub(crate) fn req_date(row: &AnyRow, column: &str) -> Result<time::Date> {
    opt_date(row, column)?.ok_or_else(|| StoreError::Corrupt(format!("{column} is empty")))
}

fn parse_id(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| StoreError::Corrupt(format!("not a UUID: {s:?}")))
}

/// Reads a stored value that must parse (it was parsed before it was written).
pub(crate) fn reparse<T>(
    value: Option<String>,
    parse: impl FnOnce(&str, &str) -> std::result::Result<T, passerelle_domain::FieldError>,
) -> Result<Option<T>> {
    value
        .map(|v| parse("stored", &v).map_err(|e| StoreError::Corrupt(format!("{v:?}: {}", e.code))))
        .transpose()
}

/// A parameter of a query built at run time.
#[derive(Debug, Clone)]
pub(crate) enum Param {
    Text(String),
}

/// SQL assembled piece by piece with `$n` placeholders numbered as parameters are pushed.
#[derive(Debug, Default)]
pub(crate) struct SqlBuilder {
    pub sql: String,
    params: Vec<Param>,
}

impl SqlBuilder {
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind_text(&mut self, value: impl Into<String>) -> &mut Self {
        self.params.push(Param::Text(value.into()));
        self.sql.push_str(&format!("${}", self.params.len()));
        self
    }

    /// Appends `(… , …)` with one placeholder per id, for `IN` lists.
    pub fn bind_ids(&mut self, ids: &[Uuid]) -> &mut Self {
        self.sql.push('(');
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.bind_text(id.to_string());
        }
        self.sql.push(')');
        self
    }

    /// Appends another builder's SQL and parameters, renumbering its placeholders.
    pub fn append(&mut self, other: &SqlBuilder) -> &mut Self {
        let offset = self.params.len();
        if offset == 0 {
            self.sql.push_str(&other.sql);
        } else {
            self.sql.push_str(&renumber(&other.sql, offset));
        }
        self.params.extend(other.params.iter().cloned());
        self
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut q = sqlx::query(&self.sql);
        for p in &self.params {
            q = match p {
                Param::Text(s) => q.bind(s.as_str()),
            };
        }
        q
    }
}

/// Shifts every `$n` placeholder in `sql` by `offset`.
fn renumber(sql: &str, offset: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '$' {
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            match digits.parse::<usize>() {
                Ok(n) => out.push_str(&(n + offset).to_string()),
                Err(_) => out.push_str(&digits),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_placeholders_are_renumbered() {
        let mut a = SqlBuilder::default();
        a.push("x = ").bind_text("1");
        let mut b = SqlBuilder::default();
        b.push(" AND y IN ").bind_ids(&[Uuid::nil(), Uuid::max()]);
        a.append(&b);
        assert_eq!(a.sql, "x = $1 AND y IN ($2, $3)");
        assert_eq!(a.params.len(), 3);
    }
}
