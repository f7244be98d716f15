//! The one JSON reader and writer of the core and the page: text to a `serde_json::Value`, for
//! scenario files ([`crate::Scenario::from_json`]) and the services' event templates
//! ([`crate::payload`]), and a `Value` to text ([`pretty`], [`compact`]), byte for byte as serde_json
//! writes it.
//!
//! Why not `serde_json::from_str`: its deserializer, the `Deserialize` impl of `Value` and its own
//! float parser with their tables are about 6 KB gzip of the page (docs/weight.md, cut 5), and
//! this reader needs neither; numbers with a fraction or an exponent are read by
//! [`crate::decimal::parse`], which is correctly rounded for every number (serde_json without
//! `float_roundtrip` is not). The values are serde_json's, so everything that reads or writes them
//! is unchanged. Why not `serde_json::to_string_pretty` either: its serializer is one more copy of
//! the writing code for each way it is used (a scenario, a value, pretty, compact).

use serde_json::{Map, Number, Value};

/// `value` as serde_json's `to_string_pretty` writes it: two spaces a level.
pub fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value, Some(0));
    out
}

/// `value` as serde_json's `to_string` (and `Value`'s `Display`) writes it: no spaces.
pub fn compact(value: &Value) -> String {
    let mut out = String::new();
    write(&mut out, value, None);
    out
}

/// Writes `value`; `indent` is the nesting level when pretty, `None` when compact.
fn write(out: &mut String, value: &Value, indent: Option<usize>) {
    // Before an item or a closing bracket: a new line at the level, when pretty.
    let new_line = |out: &mut String, level: usize| {
        if indent.is_some() {
            out.push('\n');
            out.extend(std::iter::repeat_n("  ", level));
        }
    };
    let inner = indent.map(|i| i + 1);
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => out.push_str(&u.to_string()),
            (None, Some(i), _) => out.push_str(&i.to_string()),
            (None, None, Some(x)) => out.push_str(zmij::Buffer::new().format_finite(x)),
            (None, None, None) => out.push_str("null"),
        },
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                new_line(out, inner.unwrap_or(0));
                write(out, item, inner);
            }
            if !items.is_empty() {
                new_line(out, indent.unwrap_or(0));
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (k, (key, item)) in map.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                new_line(out, inner.unwrap_or(0));
                string(out, key);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(out, item, inner);
            }
            if !map.is_empty() {
                new_line(out, indent.unwrap_or(0));
            }
            out.push('}');
        }
    }
}

/// `s` quoted, with JSON's short escapes and `\u00XX` for the other control characters.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[c as usize >> 4] as char);
                out.push(HEX[c as usize & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Objects and arrays nest at most this deep (as in serde_json): a file cannot exhaust the stack.
const DEPTH_MAX: usize = 128;

/// `text` as one JSON value, or what is wrong and where (`expected value at line 1 column 5`).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut r = Reader { text: text.as_bytes(), at: 0, depth: 0 };
    let value = r.value()?;
    r.blank();
    if r.at < r.text.len() {
        return Err(r.error("trailing characters"));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
    depth: usize,
}

impl Reader<'_> {
    /// The message for a problem at the current position, with its line and column (1-based).
    fn error(&self, what: &str) -> String {
        let before = &self.text[..self.at.min(self.text.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        format!("{what} at line {line} column {column}")
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Steps over `word` (after its first byte, already seen), or fails.
    fn word(&mut self, word: &str, value: Value) -> Result<Value, String> {
        for &b in word.as_bytes() {
            self.at += 1;
            if self.peek() != Some(b) {
                return Err(self.error("expected ident"));
            }
        }
        self.at += 1;
        Ok(value)
    }

    fn value(&mut self) -> Result<Value, String> {
        self.blank();
        match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'n') => self.word("ull", Value::Null),
            Some(b't') => self.word("rue", Value::Bool(true)),
            Some(b'f') => self.word("alse", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                self.depth += 1;
                if self.depth > DEPTH_MAX {
                    return Err(self.error("recursion limit exceeded"));
                }
                self.at += 1;
                let value = if open == b'[' { self.array()? } else { self.object()? };
                self.depth -= 1;
                Ok(value)
            }
            Some(_) => Err(self.error("expected value")),
        }
    }

    /// After `[`: the items up to `]`.
    fn array(&mut self) -> Result<Value, String> {
        let mut items = Vec::new();
        self.blank();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.blank();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    /// After `{`: the members up to `}`, in their order (a repeated name keeps its first place and
    /// its last value, as serde_json does).
    fn object(&mut self) -> Result<Value, String> {
        let mut map = Map::new();
        self.blank();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.blank();
            if self.peek() != Some(b'"') {
                return Err(self.error("key must be a string"));
            }
            let key = self.string()?;
            self.blank();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.at += 1;
            let value = self.value()?;
            map.insert(key, value);
            self.blank();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(map));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// At `"`: the string up to its closing quote, escapes read.
    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The text is a `str` and the run stops only at ASCII bytes: a whole UTF-8 slice.
            out.push_str(std::str::from_utf8(&self.text[start..self.at]).expect("a str sliced at ASCII bytes"));
            match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape")),
                    };
                    self.at += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string")),
            }
        }
    }

    /// At the `u` of `\uXXXX` (and of a second one for a surrogate pair): the character. Leaves
    /// the position at the last hex digit.
    fn unicode_escape(&mut self) -> Result<char, String> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.text.get(self.at + 1..self.at + 3) != Some(b"\\u") {
                return Err(self.error("unexpected end of hex escape"));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("lone leading surrogate in hex escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("lone leading surrogate in hex escape"))
    }

    /// At a `u`: the four hex digits after it, the position left on the last.
    fn hex4(&mut self) -> Result<u32, String> {
        let mut n = 0;
        for _ in 0..4 {
            self.at += 1;
            let d = self.peek().and_then(|b| (b as char).to_digit(16)).ok_or_else(|| self.error("invalid escape"))?;
            n = n * 16 + d;
        }
        Ok(n)
    }

    /// A number as JSON writes it: a whole one that fits `u64` (or `i64` when negative) is kept
    /// whole, as serde_json keeps it; any other is the nearest `f64`.
    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at - from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        let n = digits(self);
        if n == 0 {
            return Err(self.error("invalid number"));
        }
        if n > 1 && self.text[int_start] == b'0' {
            self.at = int_start + 1;
            return Err(self.error("invalid number"));
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            whole = false;
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            whole = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).expect("ASCII digits");
        if whole {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Value::Number(n.into()));
            }
            // `-0` is the float -0.0, as serde_json reads it.
            if let Some(n) = text.parse::<i64>().ok().filter(|&n| n != 0) {
                return Ok(Value::Number(n.into()));
            }
        }
        let x = crate::decimal::parse(text).expect("a JSON number is a decimal");
        Number::from_f64(x).map(Value::Number).ok_or_else(|| self.error("number out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Any JSON value: nested arrays and objects, strings with escapes and any characters, numbers
    /// of every kind serde_json keeps apart.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            // Decimals as people write them (serde_json, without `float_roundtrip`, reads longer
            // ones a unit in the last place off; `numbers_are_correctly_rounded` covers those).
            (-1_000_000_000i64..1_000_000_000, 0i32..7)
                .prop_map(|(m, places)| Value::from(m as f64 / 10f64.powi(places))),
            ".*".prop_map(Value::String),
            "[\\x00-\\x1f\"\\\\/a\u{7f}é]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec(("[a-z\"\\\\é]{0,4}", inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Reads what serde_json writes, compact or pretty, as serde_json reads it.
        #[test]
        fn reads_what_serde_json_writes(v in value()) {
            for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
                let ours = parse(&text).unwrap();
                prop_assert_eq!(&ours, &serde_json::from_str::<Value>(&text).unwrap());
                // The same members in the same order.
                prop_assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&v).unwrap());
            }
        }

        /// Writes what serde_json writes, compact and pretty.
        #[test]
        fn writes_what_serde_json_writes(v in value(), x in any::<f64>()) {
            prop_assert_eq!(compact(&v), serde_json::to_string(&v).unwrap());
            prop_assert_eq!(pretty(&v), serde_json::to_string_pretty(&v).unwrap());
            let x = Value::from(x);
            prop_assert_eq!(compact(&x), serde_json::to_string(&x).unwrap());
        }

        /// Refuses what serde_json refuses, accepts what it accepts: every cut and every one-byte
        /// change of a valid text.
        #[test]
        fn refuses_what_serde_json_refuses(v in value(), cut in any::<prop::sample::Index>(), byte in prop::sample::select(&b"{}[],:\"\\-0.e1 ntfu"[..])) {
            let text = serde_json::to_string(&v).unwrap();
            let at = cut.index(text.len() + 1);
            let mut changed = text.clone().into_bytes();
            if at < changed.len() {
                changed[at] = byte;
            } else {
                changed.push(byte);
            }
            for candidate in [text.get(..at).map(str::to_string), String::from_utf8(changed).ok()].into_iter().flatten() {
                let theirs = serde_json::from_str::<Value>(&candidate);
                let ours = parse(&candidate);
                // (The values are compared above: here a changed byte may make a 17-digit number,
                // which serde_json reads less exactly.)
                prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: ours {:?}, serde_json {:?}", candidate, ours, theirs);
            }
        }

        /// Numbers with a fraction or exponent are the nearest `f64`, every digit counted.
        #[test]
        fn numbers_are_correctly_rounded(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
            let text = format!("{x:e}");
            prop_assert_eq!(parse(&text).unwrap().as_f64(), Some(x));
        }
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(parse("{\n  \"a\": x}").unwrap_err(), "expected value at line 2 column 8");
        assert_eq!(parse("[1] 2").unwrap_err(), "trailing characters at line 1 column 5");
        assert!(parse(&"[".repeat(DEPTH_MAX + 1)).unwrap_err().starts_with("recursion limit exceeded"));
        assert_eq!(parse("-0").unwrap().as_f64(), Some(-0.0));
        assert_eq!(parse("\"\\ud83d\\ude00\"").unwrap(), Value::String("😀".into()));
    }
}
