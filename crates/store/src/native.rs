//! Dates and instants as each backend keeps them: ISO 8601 text in SQLite (which has no date
//! type), `DATE` and `TIMESTAMPTZ` in PostgreSQL. Queries bind and read [`Day`] and [`Instant`]
//! and are the same text for both.

use sqlx::TypeInfo;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::types::Oid;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueFormat, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

/// A calendar date in a `DATE` (PostgreSQL) or `YYYY-MM-DD` text (SQLite) column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Day(pub jiff::civil::Date);

/// An instant in a `TIMESTAMPTZ` (PostgreSQL, to the microsecond) or RFC 3339 text (SQLite)
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Instant(pub jiff::Timestamp);

impl Instant {
    /// Now.
    pub fn now() -> Instant {
        Instant(jiff::Timestamp::now())
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// PostgreSQL counts dates from 2000-01-01 and instants from its midnight UTC.
const PG_EPOCH: jiff::civil::Date = jiff::civil::date(2000, 1, 1);
const PG_EPOCH_SECONDS: i64 = 946_684_800;

impl Type<Sqlite> for Day {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl Encode<'_, Sqlite> for Day {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        <String as Encode<Sqlite>>::encode(self.0.to_string(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Day {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(Day(text.parse()?))
    }
}

impl Type<Postgres> for Day {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(Oid(1082))
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        ty.name() == "DATE"
    }
}

impl Encode<'_, Postgres> for Day {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let days = (self.0 - PG_EPOCH).get_days();
        <i32 as Encode<Postgres>>::encode(days, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Day {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(match value.format() {
            PgValueFormat::Binary => {
                let days = <i32 as Decode<Postgres>>::decode(value)?;
                Day(PG_EPOCH.checked_add(jiff::Span::new().try_days(days)?)?)
            }
            PgValueFormat::Text => Day(value.as_str()?.parse()?),
        })
    }
}

impl Type<Sqlite> for Instant {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl Encode<'_, Sqlite> for Instant {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        <String as Encode<Sqlite>>::encode(self.0.to_string(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Instant {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(Instant(text.parse()?))
    }
}

impl Type<Postgres> for Instant {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(Oid(1184))
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        ty.name() == "TIMESTAMPTZ"
    }
}

impl Encode<'_, Postgres> for Instant {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let micros = (self.0.as_second() - PG_EPOCH_SECONDS) * 1_000_000
            + i64::from(self.0.subsec_microsecond());
        <i64 as Encode<Postgres>>::encode(micros, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Instant {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(match value.format() {
            PgValueFormat::Binary => {
                let micros = <i64 as Decode<Postgres>>::decode(value)?;
                Instant(jiff::Timestamp::from_microsecond(
                    micros + PG_EPOCH_SECONDS * 1_000_000,
                )?)
            }
            PgValueFormat::Text => {
                // `2026-11-28 03:39:40.123456+00`, as PostgreSQL writes it in ISO style.
                let text = value.as_str()?.replacen(' ', "T", 1);
                Instant(
                    text.parse::<jiff::Zoned>()
                        .map_or_else(|_| text.parse::<jiff::Timestamp>(), |z| Ok(z.timestamp()))?,
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_counts_days_and_microseconds_from_the_millennium() {
        // 2000-01-01 is day 0; 2024-02-29 (a leap day) is 8825 days on: 24 years of 365 days
        // plus the 6 leap days of 2000, 2004, …, 2020 and the 59 days before 29 February.
        assert_eq!((jiff::civil::date(2024, 2, 29) - PG_EPOCH).get_days(), 8825);
        let t: jiff::Timestamp = "2000-01-01T00:00:01.5Z".parse().expect("ts");
        assert_eq!(t.as_second() - PG_EPOCH_SECONDS, 1);
        assert_eq!(t.subsec_microsecond(), 500_000);
    }
}
