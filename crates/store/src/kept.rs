//! Answers derived from much of the database (the network map's measures, the followed
//! tenancies' follow-ups, a page of units), kept in memory while the data behind them holds
//! (decision 0030).
//!
//! Each answer is kept under the `data_version` numbers of the kinds of data it was read
//! from (migrations 0021 and 0023): triggers raise them on every write, whichever server or
//! tool makes it, so one small read per request tells whether a kept answer still holds.
//! The caller names the kinds its answer reads and gives a key for everything else it
//! depends on: the day, the language, the filter, and the scope (the agency) a user sees it
//! in. Who may see an answer is decided before it is asked for.

use crate::{Store, StoreError};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// Answers kept at most for one kind of answer; past this the oldest half goes.
const KEPT_PER_KIND: usize = 64;

type Shared = Arc<dyn Any + Send + Sync>;

/// The answers of one kind (say, the network map), all read under the same numbers.
#[derive(Default)]
struct Kind {
    numbers: Vec<i64>,
    /// In the order they were kept, to let the oldest go first.
    order: Vec<String>,
    answers: HashMap<String, Shared>,
}

/// Every kind of kept answer, by name.
#[derive(Default)]
pub(crate) struct KeptAnswers(Mutex<HashMap<&'static str, Kind>>);

/// Whether numbers read later (`b`) are as new as `a` in every kind: numbers only rise.
fn at_least(b: &[i64], a: &[i64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| b >= a)
}

impl KeptAnswers {
    fn get(&self, kind: &'static str, numbers: &[i64], key: &str) -> Option<Shared> {
        let kinds = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let kept = kinds.get(kind)?;
        (kept.numbers == numbers)
            .then(|| kept.answers.get(key).cloned())
            .flatten()
    }

    fn keep(&self, kind: &'static str, numbers: Vec<i64>, key: String, answer: Shared) {
        let mut kinds = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let kept = kinds.entry(kind).or_default();
        if kept.numbers != numbers {
            // An answer read before the data last changed is not kept over newer ones.
            if !kept.numbers.is_empty() && !at_least(&numbers, &kept.numbers) {
                return;
            }
            *kept = Kind {
                numbers,
                ..Kind::default()
            };
        }
        if kept.answers.len() >= KEPT_PER_KIND {
            let oldest: Vec<String> = kept.order.drain(..KEPT_PER_KIND / 2).collect();
            for key in oldest {
                kept.answers.remove(&key);
            }
        }
        if kept.answers.insert(key.clone(), answer).is_none() {
            kept.order.push(key);
        }
    }
}

impl Store {
    /// The answer of `kind` for `key`: kept, if it was made since the last write of the
    /// kinds of data named in `versions`; else made by `make` and kept. The numbers are
    /// read before `make` runs, so a write during it leaves the answer under the older
    /// numbers and the next request makes it again.
    pub async fn kept_or_made<T, E, F, Fut>(
        &self,
        kind: &'static str,
        versions: &[&str],
        key: String,
        make: F,
    ) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        E: From<StoreError>,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let numbers = self.data_version_numbers(versions).await?;
        if let Some(answer) = self.kept.get(kind, &numbers, &key)
            && let Ok(answer) = answer.downcast::<T>()
        {
            return Ok(answer);
        }
        let answer = Arc::new(make().await?);
        self.kept.keep(kind, numbers, key, answer.clone());
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(answers: &KeptAnswers, numbers: &[i64], key: &str) -> Option<i64> {
        answers
            .get("k", numbers, key)
            .and_then(|a| a.downcast::<i64>().ok())
            .map(|a| *a)
    }

    #[test]
    fn an_answer_holds_until_its_numbers_move_and_an_older_one_never_replaces_it() {
        let answers = KeptAnswers::default();
        answers.keep("k", vec![1, 5], "a".into(), Arc::new(10_i64));
        assert_eq!(number(&answers, &[1, 5], "a"), Some(10));
        assert_eq!(number(&answers, &[1, 5], "b"), None);
        // Either kind written since: not an answer any more.
        assert_eq!(number(&answers, &[2, 5], "a"), None);
        assert_eq!(number(&answers, &[1, 6], "a"), None);
        // Kept under newer numbers: the older answers go.
        answers.keep("k", vec![2, 5], "b".into(), Arc::new(20_i64));
        assert_eq!(number(&answers, &[2, 5], "b"), Some(20));
        assert_eq!(number(&answers, &[2, 5], "a"), None);
        // A request that read before the write finishes after it: its answer is not kept.
        answers.keep("k", vec![1, 5], "a".into(), Arc::new(11_i64));
        assert_eq!(number(&answers, &[1, 5], "a"), None);
        assert_eq!(number(&answers, &[2, 5], "b"), Some(20));
    }

    #[test]
    fn past_the_limit_the_oldest_half_goes() {
        let answers = KeptAnswers::default();
        for i in 0..=KEPT_PER_KIND as i64 {
            answers.keep("k", vec![1], i.to_string(), Arc::new(i));
        }
        assert_eq!(number(&answers, &[1], "0"), None);
        let kept_half = KEPT_PER_KIND as i64 / 2;
        assert_eq!(number(&answers, &[1], &(kept_half - 1).to_string()), None);
        assert_eq!(
            number(&answers, &[1], &kept_half.to_string()),
            Some(kept_half)
        );
        assert_eq!(
            number(&answers, &[1], &KEPT_PER_KIND.to_string()),
            Some(KEPT_PER_KIND as i64)
        );
    }
}
