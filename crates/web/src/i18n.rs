//! Translation: every user-visible string comes from the Fluent files in `locales/`.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_calendar::{Date, Iso};
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::{Decimal, SignDisplay};
use icu_decimal::options::DecimalFormatterOptions;
use passerelle_domain::roles::Language;
use std::sync::LazyLock;

const EN: &str = include_str!("../locales/en/main.ftl");
const FR: &str = include_str!("../locales/fr/main.ftl");

pub struct I18n {
    en: FluentBundle<FluentResource>,
    fr: FluentBundle<FluentResource>,
}

fn bundle(lang: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{lang}.ftl: {errors:?}"));
    let mut bundle =
        FluentBundle::new_concurrent(vec![lang.parse().expect("a valid language tag")]);
    // Unicode isolation marks would land inside form values and test assertions.
    bundle.set_use_isolating(false);
    // A number argument is written by ICU4X in the bundle's language (grouping, decimal
    // mark), after Fluent has used it to select a plural.
    bundle.set_formatter(Some(match lang {
        "fr" => |v, _| number_argument(Language::Fr, v),
        _ => |v, _| number_argument(Language::En, v),
    }));
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("{lang}.ftl: {errors:?}"));
    bundle
}

/// A number argument of a message as [`Tr::decimal`] writes it, with the decimals the
/// message asks for (`NUMBER($n, minimumFractionDigits: 1)`); text is left to Fluent.
fn number_argument(lang: Language, value: &FluentValue) -> Option<String> {
    match value {
        FluentValue::Number(n) => {
            let places = n.options.minimum_fraction_digits.unwrap_or(0);
            Some(Tr::new(lang).decimal(n.value, places))
        }
        _ => None,
    }
}

/// An argument of a message: text as it is, or a number, which selects plurals and is
/// written in the language's form.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Self {
                Arg::Number(*n as f64)
            }
        }
    )*};
}
number_arg!(u8, u32, u64, usize, i32, i64);

impl Arg {
    fn value(&self) -> FluentValue<'static> {
        match self {
            Arg::Text(text) => FluentValue::from(text.clone()),
            Arg::Number(n) => FluentValue::from(*n),
        }
    }
}

/// ICU4X's number formatters, one a language, in [`Language`]'s order (English and French
/// as written in Canada).
static FORMATTERS: LazyLock<[DecimalFormatter; 2]> = LazyLock::new(|| {
    let formatter = |locale: icu_locale_core::Locale| {
        DecimalFormatter::try_new(locale.into(), DecimalFormatterOptions::default())
            .expect("the compiled CLDR data has Canadian English and French")
    };
    [
        formatter(icu_locale_core::locale!("en-CA")),
        formatter(icu_locale_core::locale!("fr-CA")),
    ]
});

/// ICU4X's date formatters for one language: a day in a sentence, a month in a sentence and
/// a month on a chart's axis.
struct DateFormatters {
    day: DateTimeFormatter<YMD>,
    month: DateTimeFormatter<YM>,
    month_short: DateTimeFormatter<YM>,
}

static DATE_FORMATTERS: LazyLock<[DateFormatters; 2]> = LazyLock::new(|| {
    let formatters = |locale: icu_locale_core::Locale| {
        let expect = "the compiled CLDR data has Canadian English and French dates";
        DateFormatters {
            day: DateTimeFormatter::try_new(locale.clone().into(), YMD::long()).expect(expect),
            month: DateTimeFormatter::try_new(locale.clone().into(), YM::long()).expect(expect),
            month_short: DateTimeFormatter::try_new(locale.into(), YM::medium()).expect(expect),
        }
    };
    [
        formatters(icu_locale_core::locale!("en-CA")),
        formatters(icu_locale_core::locale!("fr-CA")),
    ]
});

/// `day` in ICU4X's ISO calendar (the same proleptic Gregorian days as the `time` crate's).
fn iso(day: time::Date) -> Date<Iso> {
    Date::try_new_iso(day.year(), day.month() as u8, day.day())
        .expect("a time::Date is a valid ISO date")
}

static I18N: LazyLock<I18n> = LazyLock::new(|| I18n {
    en: bundle("en", EN),
    fr: bundle("fr", FR),
});

impl I18n {
    fn bundle(&self, lang: Language) -> &FluentBundle<FluentResource> {
        match lang {
            Language::En => &self.en,
            Language::Fr => &self.fr,
        }
    }
}

/// Message ids defined in a language's file, for the completeness test.
pub fn message_ids(lang: Language) -> Vec<String> {
    let source = match lang {
        Language::En => EN,
        Language::Fr => FR,
    };
    source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
        .collect()
}

/// A whole number as [`Tr::number`] takes it: templates hold counts of several integer
/// types, often behind a reference.
pub trait Whole {
    fn whole(&self) -> i64;
}

macro_rules! whole {
    ($($t:ty),*) => {$(
        impl Whole for $t {
            fn whole(&self) -> i64 {
                i64::try_from(*self).unwrap_or(i64::MAX)
            }
        }
    )*};
}
whole!(u32, u64, usize, i32, i64);

impl<T: Whole + ?Sized> Whole for &T {
    fn whole(&self) -> i64 {
        (**self).whole()
    }
}

/// Translates for one language; templates call `tr.t(…)` with a message id.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Language,
}

impl Tr {
    pub fn new(lang: Language) -> Self {
        Self { lang }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The message `key`; a missing key shows as itself so it is noticed, never as a crash.
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl Into<Arg>) -> String {
        self.ts(key, &[(name, value.into())])
    }

    /// The message `key` with several whole-number arguments.
    pub fn tn(&self, key: &str, values: &[(&str, u64)]) -> String {
        let args: Vec<(&str, Arg)> = values.iter().map(|(n, v)| (*n, Arg::from(*v))).collect();
        self.ts(key, &args)
    }

    /// The message `key` with several arguments; numbers stay numbers, so plural rules
    /// apply to them and ICU4X writes them.
    pub fn ts(&self, key: &str, values: &[(&str, Arg)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), value.value());
        }
        self.format(key, Some(&args))
    }

    /// A label and its value as the language writes them: "Purpose: Budget" in English,
    /// « Objet : Budget » in French (a non-breaking space before the colon). Templates and
    /// charts never put a colon of their own beside a label.
    pub fn pair(&self, label: &str, value: impl std::fmt::Display) -> String {
        self.ts(
            "label-value",
            &[("label", label.into()), ("value", value.to_string().into())],
        )
    }

    /// A quarter as the language writes it: "Q1 2026", « T1 2026 ».
    pub fn quarter(&self, q: passerelle_domain::systemic::Quarter) -> String {
        // The year is a name here, not a quantity: no thousands separator.
        self.ts(
            "quarter",
            &[("n", q.quarter.into()), ("year", q.year.to_string().into())],
        )
    }

    /// A day as the language writes it in a sentence: "November 30, 2026",
    /// « 30 novembre 2026 ».
    pub fn date(&self, day: impl std::borrow::Borrow<time::Date>) -> String {
        let day = *day.borrow();
        let text = DATE_FORMATTERS[self.lang as usize]
            .day
            .format(&iso(day))
            .to_string();
        // CLDR writes « 1 janvier »; French (OQLF, the Translation Bureau) writes the first
        // of the month as an ordinal, « 1er janvier ».
        match (self.lang, text.strip_prefix("1 ")) {
            (Language::Fr, Some(rest)) if day.day() == 1 => format!("1er {rest}"),
            _ => text,
        }
    }

    /// A month as the language writes it in a sentence: "November 2026", « novembre 2026 ».
    pub fn month(
        &self,
        month: impl std::borrow::Borrow<passerelle_domain::housing::MonthIndex>,
    ) -> String {
        self.format_month(*month.borrow(), false)
    }

    /// A month in the short form a chart's axis has room for: "Nov 2026", « nov. 2026 ».
    pub fn month_short(&self, month: passerelle_domain::housing::MonthIndex) -> String {
        self.format_month(month, true)
    }

    fn format_month(&self, month: passerelle_domain::housing::MonthIndex, short: bool) -> String {
        let formatters = &DATE_FORMATTERS[self.lang as usize];
        let formatter = if short {
            &formatters.month_short
        } else {
            &formatters.month
        };
        formatter.format(&iso(month.first_day())).to_string()
    }

    /// The message `key` as a label followed by its value ([`Tr::pair`]).
    pub fn labelled(&self, key: &str, value: impl std::fmt::Display) -> String {
        self.pair(&self.t(key), value)
    }

    /// The message `key` with the colon that introduces what follows it in other markup.
    pub fn colon(&self, key: &str) -> String {
        self.t1("label-colon", "label", self.t(key))
    }

    /// `x` with `places` decimals in the language's form, from Unicode CLDR's data for
    /// Canada through ICU4X: "1,250.50" in English, « 1 250,50 » in French (a non-breaking
    /// space between thousands, a decimal comma).
    pub fn decimal(&self, x: f64, places: usize) -> String {
        self.format_decimal(x, places, SignDisplay::Auto)
    }

    /// A whole count with the language's thousands separator: "14,436", « 14 436 ».
    pub fn number(&self, n: impl Whole) -> String {
        let formatter = &FORMATTERS[self.lang as usize];
        formatter.format(&Decimal::from(n.whole())).to_string()
    }

    /// A change with its sign ("+0.050", « −0,050 »), and a plain 0 for no change at this
    /// precision.
    pub fn signed(&self, x: f64, places: usize) -> String {
        self.format_decimal(x, places, SignDisplay::ExceptZero)
    }

    fn format_decimal(&self, x: f64, places: usize, sign: SignDisplay) -> String {
        let places = places.min(9) as i16;
        let scaled = (x * 10f64.powi(places.into())).round();
        if !scaled.is_finite() || scaled.abs() >= 1e18 {
            return format!("{x}");
        }
        let mut d = Decimal::from(scaled as i64);
        d.multiply_pow10(-places);
        d.absolute.pad_end(-places);
        d.apply_sign_display(sign);
        FORMATTERS[self.lang as usize].format(&d).to_string()
    }

    /// An amount of dollars as the language writes it: "$1,250.50", « 1 250,50 $ »; whole
    /// dollars without cents ("$950", « 950 $ »).
    pub fn money(&self, amount: passerelle_domain::housing::Cents) -> String {
        let places = if amount.0 % 100 == 0 { 0 } else { 2 };
        let number = self.decimal(amount.0 as f64 / 100.0, places);
        match self.lang {
            Language::Fr => format!("{number}\u{a0}$"),
            Language::En => format!("${number}"),
        }
    }

    /// An amount as an edit field shows it, in the language's form and without the sign
    /// ("1,250.50", « 1 250,50 »); `Cents::parse` reads either form back.
    pub fn money_field(&self, amount: passerelle_domain::housing::Cents) -> String {
        self.decimal(amount.0 as f64 / 100.0, 2)
    }

    /// A published count as a page writes it: in the reader's form, or "x" when withheld.
    pub fn published(&self, count: passerelle_domain::suppression::Published) -> String {
        match count.shown() {
            Some(n) => self.number(n),
            None => "x".to_owned(),
        }
    }

    /// A share as a percentage with one decimal: "12.5%", or "12,5 %" in French (with a
    /// non-breaking space).
    pub fn percent(&self, share: f64) -> String {
        self.percent_to(share, 1)
    }

    /// A share as a percentage with `places` decimals, as [`Tr::percent`] writes it.
    pub fn percent_to(&self, share: f64, places: usize) -> String {
        let number = self.decimal(share * 100.0, places);
        match self.lang {
            Language::Fr => format!("{number}\u{a0}%"),
            Language::En => format!("{number}%"),
        }
    }

    /// Whether `key` has a translation.
    pub fn has(&self, key: &str) -> bool {
        I18N.bundle(self.lang).has_message(key)
    }

    /// Like [`Tr::t1`] with a number, so plural rules apply.
    pub fn count(&self, key: &str, n: impl std::borrow::Borrow<u64>) -> String {
        self.t1(key, "count", *n.borrow())
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = I18N.bundle(self.lang);
        match bundle.get_message(key).and_then(|m| m.value()) {
            Some(pattern) => {
                let mut errors = Vec::new();
                bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned()
            }
            None => {
                tracing::warn!(key, lang = self.lang.code(), "missing translation");
                key.to_owned()
            }
        }
    }
}

/// The first supported language in an `Accept-Language` header, by quality.
pub fn negotiate(accept_language: &str) -> Option<Language> {
    let mut options: Vec<(f32, Language)> = accept_language
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.trim().split(';');
            let lang = Language::parse(pieces.next()?)?;
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((q, lang))
        })
        .collect();
    options.sort_by(|a, b| b.0.total_cmp(&a.0));
    options.first().map(|o| o.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a reader sees in a Fluent file: every message's value and variants, without
    /// comments, identifiers or placeables (`{ $count -> … }`, `{ $name }`).
    fn visible_text(ftl: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        for (n, line) in ftl.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            let value = match line.split_once(" = ") {
                Some((id, value)) if depth == 0 && !id.starts_with(' ') => value,
                _ => line,
            };
            let mut text = String::new();
            let mut in_variant_key = false;
            for c in value.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth = depth.saturating_sub(1),
                    // A variant's key (`[one]`, `*[other]`) is syntax, not text.
                    '[' if text.trim_start_matches('*').trim().is_empty() => in_variant_key = true,
                    ']' if in_variant_key => in_variant_key = false,
                    _ if depth == 0 && !in_variant_key => text.push(c),
                    _ => {}
                }
            }
            // Inside a selector, a variant's text sits at depth one.
            if depth > 0
                && let Some((_, variant)) = value.split_once("] ")
            {
                text = variant.chars().take_while(|c| *c != '{').collect();
            }
            out.push((n + 1, text));
        }
        out
    }

    /// Numbers reach the messages as numbers, so plurals select; labels take the language's
    /// punctuation; quarters and percentages are written each language's way.
    #[test]
    fn numbers_select_plurals_and_punctuation_follows_the_language() {
        let (en, fr) = (Tr::new(Language::En), Tr::new(Language::Fr));
        assert!(
            en.tn("outreach-stale", &[("months", 1)])
                .contains("1 month or more")
        );
        assert!(
            en.tn("outreach-stale", &[("months", 6)])
                .contains("6 months or more")
        );
        assert_eq!(
            en.tn("duplication-summary", &[("agencies", 1)]),
            "1 agency compared:"
        );
        assert_eq!(
            fr.tn("duplication-summary", &[("agencies", 14)]),
            "14 organismes comparés\u{a0}:"
        );
        assert_eq!(en.pair("Stage", "partner"), "Stage: partner");
        assert_eq!(fr.pair("Étape", "partenaire"), "Étape\u{a0}: partenaire");
        let q1 = passerelle_domain::systemic::Quarter {
            year: 2026,
            quarter: 1,
        };
        assert_eq!(
            (en.quarter(q1), fr.quarter(q1)),
            ("Q1 2026".into(), "T1 2026".into())
        );
        assert_eq!(
            (en.percent_to(0.38, 0), fr.percent_to(0.385, 1)),
            ("38%".into(), "38,5\u{a0}%".into())
        );
        // Grouping, decimal mark and sign from CLDR (ICU4X), not written by hand.
        assert_eq!(
            (en.number(14_436), fr.number(14_436)),
            ("14,436".into(), "14\u{a0}436".into())
        );
        assert_eq!(
            (en.decimal(1250.5, 2), fr.decimal(1250.5, 2)),
            ("1,250.50".into(), "1\u{a0}250,50".into())
        );
        let rent = passerelle_domain::housing::Cents(125_050);
        assert_eq!(
            (en.money(rent), fr.money(rent)),
            ("$1,250.50".into(), "1\u{a0}250,50\u{a0}$".into())
        );
        assert_eq!(
            fr.money(passerelle_domain::housing::Cents(95_000)),
            "950\u{a0}$"
        );
        for tr in [en, fr] {
            let field = tr.money_field(rent);
            assert_eq!(
                passerelle_domain::housing::Cents::parse("rent", &field),
                Ok(rent),
                "{field}"
            );
        }
        assert_eq!(fr.money_field(rent), "1\u{a0}250,50");
        assert_eq!(
            (en.signed(0.05, 3), fr.signed(0.05, 3), en.signed(0.0001, 3)),
            ("+0.050".into(), "+0,050".into(), "0.000".into())
        );
    }

    #[test]
    fn dates_and_months_follow_the_language() {
        let (en, fr) = (Tr::new(Language::En), Tr::new(Language::Fr));
        let day = time::macros::date!(2026 - 11 - 30);
        assert_eq!(
            (en.date(day), fr.date(day)),
            ("November 30, 2026".into(), "30 novembre 2026".into())
        );
        let month = passerelle_domain::housing::MonthIndex::of(day);
        assert_eq!(
            (en.month(month), fr.month(month)),
            ("November 2026".into(), "novembre 2026".into())
        );
        assert_eq!(
            (en.month_short(month), fr.month_short(month)),
            ("Nov 2026".into(), "nov. 2026".into())
        );
        assert_eq!(
            fr.date(time::macros::date!(2026 - 01 - 01)),
            "1er janvier 2026"
        );
    }

    /// Every template file under `dir`, with its text.
    fn templates(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                templates(&path, out);
            } else {
                out.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }

    /// Punctuation beside a translated label belongs to the message: French puts a
    /// non-breaking space before a colon or a percent sign, English does not, so a template
    /// that writes `{{ tr.t("…") }}:` or `{{ n }} %` is wrong in one of them.
    #[test]
    fn templates_leave_colons_and_percent_signs_to_the_messages() {
        let mut files = Vec::new();
        templates(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
            &mut files,
        );
        assert!(files.len() > 20, "the templates are read");
        let mut faults = Vec::new();
        for (path, text) in &files {
            for (at, _) in text.match_indices("}}") {
                let after = text[at + 2..].trim_start_matches(' ');
                let open = text[..at].rfind("{{").unwrap_or(0);
                let expression = &text[open..at];
                let colon = after.starts_with(':') && expression.contains("tr.");
                let percent = after.starts_with('%');
                if colon || percent {
                    let line = text[..at].matches('\n').count() + 1;
                    faults.push(format!("{path}:{line}: {}", &text[open..at + 3]));
                }
            }
        }
        assert!(faults.is_empty(), "{}", faults.join("\n"));
    }

    #[test]
    fn french_typography_is_french() {
        let ftl = include_str!("../locales/fr/main.ftl");
        let mut faults = Vec::new();
        for (line, text) in visible_text(ftl) {
            if text.contains('\'') {
                faults.push(format!("line {line}: a straight apostrophe: {text}"));
            }
            // A non-breaking space before « : », « % » and « $ »; none before « ; », « ! »
            // and « ? » (Canadian usage, so the semicolon is spaced one way only).
            for mark in [':', ';', '!', '?', '%', '$'] {
                if text.contains(&format!(" {mark}")) {
                    faults.push(format!(
                        "line {line}: an ordinary space before « {mark} »: {text}"
                    ));
                }
            }
            for mark in [';', '!', '?'] {
                for space in ['\u{a0}', '\u{202f}'] {
                    if text.contains(&format!("{space}{mark}")) {
                        faults.push(format!("line {line}: a space before « {mark} »: {text}"));
                    }
                }
            }
        }
        assert!(faults.is_empty(), "{}", faults.join("\n"));
        // The check sees what it must: a fault planted in a copy is found.
        let planted = "x = C'est l'heure : 5 %\n";
        let seen: Vec<String> = visible_text(planted).into_iter().map(|t| t.1).collect();
        assert_eq!(seen, vec!["C'est l'heure : 5 %".to_owned()]);
        let selector = "n = { $n ->\n    [one] un jour\n   *[other] { $n } jours\n}\n";
        let seen: Vec<String> = visible_text(selector).into_iter().map(|t| t.1).collect();
        assert!(seen.iter().any(|t| t.contains("un jour")), "{seen:?}");
    }

    #[test]
    fn both_languages_define_the_same_messages() {
        let mut en = message_ids(Language::En);
        let mut fr = message_ids(Language::Fr);
        en.sort();
        fr.sort();
        assert!(en.len() > 50);
        assert_eq!(en, fr);
    }

    #[test]
    fn every_key_used_by_templates_and_code_exists() {
        let en = message_ids(Language::En);
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src"),
        ];
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    files(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut paths = Vec::new();
        for dir in dirs {
            files(std::path::Path::new(dir), &mut paths);
        }
        let mut used = Vec::new();
        {
            for path in paths {
                let text = std::fs::read_to_string(path).unwrap();
                for marker in [".t(\"", ".t1(\"", ".count(\""] {
                    for piece in text.split(marker).skip(1) {
                        let key = piece.split('"').next().unwrap();
                        if !key.is_empty()
                            && key
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                        {
                            used.push(key.to_owned());
                        }
                    }
                }
            }
        }
        assert!(used.len() > 50, "{}", used.len());
        let missing: Vec<&String> = used.iter().filter(|k| !en.contains(k)).collect();
        assert!(
            missing.is_empty(),
            "keys without a translation: {missing:?}"
        );
    }

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(negotiate("fr-CA,fr;q=0.9,en;q=0.8"), Some(Language::Fr));
        assert_eq!(negotiate("de, en;q=0.5, fr;q=0.7"), Some(Language::Fr));
        assert_eq!(negotiate("de"), None);
        assert_eq!(Tr::new(Language::Fr).t("nav-directory"), "Répertoire");
    }
}
