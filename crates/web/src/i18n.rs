//! Translation: every user-visible string comes from the Fluent files in `locales/`.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
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
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("{lang}.ftl: {errors:?}"));
    bundle
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
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value.to_string()));
        self.format(key, Some(&args))
    }

    /// The message `key` with several arguments; numbers stay numbers, so plural rules
    /// apply to them.
    pub fn tn(&self, key: &str, values: &[(&str, u64)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), FluentValue::from(*value));
        }
        self.format(key, Some(&args))
    }

    /// The message `key` with several text arguments (days, names).
    pub fn ts(&self, key: &str, values: &[(&str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), FluentValue::from(value.clone()));
        }
        self.format(key, Some(&args))
    }

    /// A label and its value as the language writes them: "Purpose: Budget" in English,
    /// « Objet : Budget » in French (a non-breaking space before the colon). Templates and
    /// charts never put a colon of their own beside a label.
    pub fn pair(&self, label: &str, value: impl std::fmt::Display) -> String {
        self.ts(
            "label-value",
            &[("label", label.to_owned()), ("value", value.to_string())],
        )
    }

    /// A quarter as the language writes it: "Q1 2026", « T1 2026 ».
    pub fn quarter(&self, q: passerelle_domain::systemic::Quarter) -> String {
        self.tn(
            "quarter",
            &[("n", u64::from(q.quarter)), ("year", q.year.max(0) as u64)],
        )
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
    pub fn number(&self, n: impl Into<i64>) -> String {
        let formatter = &FORMATTERS[self.lang as usize];
        formatter.format(&Decimal::from(n.into())).to_string()
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
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(*n.borrow()));
        self.format(key, Some(&args))
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
        assert_eq!(
            (en.signed(0.05, 3), fr.signed(0.05, 3), en.signed(0.0001, 3)),
            ("+0.050".into(), "+0,050".into(), "0.000".into())
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
            for mark in [':', ';', '!', '?', '%', '$'] {
                if text.contains(&format!(" {mark}")) {
                    faults.push(format!(
                        "line {line}: an ordinary space before « {mark} »: {text}"
                    ));
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
