//! AWS time: whole milliseconds since the scenario started.
//!
//! The simulation never reads a wall clock. Screen time (how fast AWS time plays in the browser) is a
//! viewing setting of the page: the core only names the link's speed values ([`crate::share::Speed`])
//! and never uses them to compute a run.

/// Milliseconds of AWS time since the scenario's start.
pub type AwsMillis = u64;

/// One second of AWS time.
pub const SECOND: AwsMillis = 1_000;
/// One minute of AWS time: the metrics' period.
pub const MINUTE: AwsMillis = 60 * SECOND;

/// Wall-clock instant that AWS time 0 stands for in payloads and records (timestamps need a date).
/// Chosen, not measured: 2026-01-01T00:00:00Z.
pub const EPOCH_UNIX_MS: u64 = 1_767_225_600_000;

/// Seconds (fractions allowed) to whole milliseconds, as the scenario format keeps them.
pub fn seconds_to_ms(s: f64) -> AwsMillis {
    (s * 1000.0).round() as AwsMillis
}

/// Whole milliseconds to seconds, as the scenario format writes times.
pub fn ms_to_seconds(ms: AwsMillis) -> f64 {
    ms as f64 / 1000.0
}

/// ISO-8601 UTC timestamp with milliseconds, e.g. `2026-01-01T00:01:06.800Z`, as S3, SNS and
/// Lambda's invocation records write it.
pub fn iso8601(at: AwsMillis) -> String {
    let ms = (EPOCH_UNIX_MS + at) % 1000;
    format!("{}.{ms:03}Z", date_time(at))
}

/// ISO-8601 UTC timestamp in whole seconds, e.g. `2026-01-01T00:01:06Z`, as EventBridge writes an
/// event's `time`.
pub fn iso8601_seconds(at: AwsMillis) -> String {
    format!("{}Z", date_time(at))
}

/// An e-mail `Date` header (RFC 5322), e.g. `Thu, 1 Jan 2026 00:01:06 +0000`, as SES reports it.
pub fn rfc5322(at: AwsMillis) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let secs = (EPOCH_UNIX_MS + at) / 1000;
    let (days, sod) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    // 1970-01-01 was a Thursday.
    let weekday = DAYS[((days + 4) % 7) as usize];
    let month = MONTHS[m as usize - 1];
    format!("{weekday}, {d} {month} {y} {:02}:{:02}:{:02} +0000", sod / 3600, sod % 3600 / 60, sod % 60)
}

/// ISO-8601 with milliseconds and a `+0000` offset, e.g. `2026-01-01T00:01:06.800+0000`, as
/// CodeCommit writes a trigger's `eventTime`.
pub fn iso8601_offset(at: AwsMillis) -> String {
    let ms = (EPOCH_UNIX_MS + at) % 1000;
    format!("{}.{ms:03}+0000", date_time(at))
}

/// `YYYY-MM-DDTHH:MM:SS` of AWS time `at`.
fn date_time(at: AwsMillis) -> String {
    let secs = (EPOCH_UNIX_MS + at) / 1000;
    let (days, sod) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", sod / 3600, sod % 3600 / 60, sod % 60)
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's civil calendar algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `m:ss` (or `h:mm:ss`) of an AWS duration, for countdowns and narration.
pub fn clock(ms: AwsMillis) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_new_year_2026() {
        assert_eq!(iso8601(0), "2026-01-01T00:00:00.000Z");
        assert_eq!(iso8601(66_800), "2026-01-01T00:01:06.800Z");
        assert_eq!(iso8601(59 * 86_400_000), "2026-03-01T00:00:00.000Z");
        assert_eq!(iso8601_seconds(66_800), "2026-01-01T00:01:06Z");
        assert_eq!(iso8601_offset(66_800), "2026-01-01T00:01:06.800+0000");
        assert_eq!(rfc5322(66_800), "Thu, 1 Jan 2026 00:01:06 +0000");
        assert_eq!(rfc5322(59 * 86_400_000), "Sun, 1 Mar 2026 00:00:00 +0000");
    }

    #[test]
    fn fractional_seconds_round_to_whole_ms() {
        assert_eq!(seconds_to_ms(0.05), 50);
        assert_eq!(seconds_to_ms(0.075), 75);
        assert_eq!(seconds_to_ms(10.0004), 10_000);
    }

    #[test]
    fn clock_formats_minutes_and_hours() {
        assert_eq!(clock(107_000), "1:47");
        assert_eq!(clock(3_725_000), "1:02:05");
    }
}
