//! Lists shown a page at a time, sorted and filtered by their URL: every link (a column's
//! header, the next page) is a plain address that keeps the rest, so a list works without
//! JavaScript and can be bookmarked or shared. The page reads a wrong parameter as its
//! default (an old bookmark still opens); the API refuses it (a client learns its mistake).

use crate::error::AppError;
use crate::i18n::Tr;
use crate::views::url_encode;

/// The page sizes offered; the first is the default.
pub const PER_PAGE: [u32; 3] = [50, 25, 100];
/// No page beyond this one is asked for (its offset would not be a list anyone pages to).
const MAX_PAGE: u32 = 100_000;

/// The URL's sort, direction and page parameters, as text so that a wrong one is handled
/// as the caller (page or API) decides.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct ListingParams {
    pub sort: Option<String>,
    pub dir: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// A list's place: its filters (kept in every link), order and page, and how many items
/// there are in all once known.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The list's page: one record's own list (a landlord's units) has its address in it.
    path: String,
    filters: Vec<(&'static str, String)>,
    pub sort: &'static str,
    pub descending: bool,
    /// From 1.
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

fn bad() -> AppError {
    AppError::BadRequest("error-bad-request")
}

/// A list's filter from the URL, read by `parse`. The page's form sends an empty value for
/// "any", and the page takes a value it cannot read as no filter (an old bookmark still
/// opens); with `strict` (the API) both are the mistake its schema says they are.
pub fn filter_value<T>(
    raw: &Option<String>,
    strict: bool,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    match raw.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") if !strict => Ok(None),
        Some(raw) => match parse(raw) {
            Some(value) => Ok(Some(value)),
            None if strict => Err(bad()),
            None => Ok(None),
        },
    }
}

impl ListingParams {
    /// The list's place at `path`, sorted by one of `sorts` (the first by default). With
    /// `strict`, a parameter that does not read is an error; else it takes its default.
    pub fn listing(
        &self,
        path: impl Into<String>,
        sorts: &[&'static str],
        strict: bool,
    ) -> Result<Listing, AppError> {
        self.listing_from(path, sorts, false, strict)
    }

    /// [`ListingParams::listing`] for a list whose first column sorts in descending order
    /// unless its URL says otherwise (the newest first); the others ascend, as elsewhere.
    pub fn listing_descending(
        &self,
        path: impl Into<String>,
        sorts: &[&'static str],
        strict: bool,
    ) -> Result<Listing, AppError> {
        self.listing_from(path, sorts, true, strict)
    }

    fn listing_from(
        &self,
        path: impl Into<String>,
        sorts: &[&'static str],
        first_descends: bool,
        strict: bool,
    ) -> Result<Listing, AppError> {
        let or_default = |parsed: Option<u32>, default: u32| match parsed {
            Some(n) => Ok(n),
            None if strict => Err(bad()),
            None => Ok(default),
        };
        let sort = match self.sort.as_deref() {
            None => sorts[0],
            Some(raw) => match sorts.iter().find(|s| **s == raw) {
                Some(s) => s,
                None if strict => return Err(bad()),
                None => sorts[0],
            },
        };
        let descends_unless_given = first_descends && sort == sorts[0];
        let descending = match self.dir.as_deref() {
            None => descends_unless_given,
            Some("asc") => false,
            Some("desc") => true,
            Some(_) if strict => return Err(bad()),
            Some(_) => descends_unless_given,
        };
        let page = match self.page.as_deref() {
            None => 1,
            Some(raw) => or_default(
                raw.trim()
                    .parse()
                    .ok()
                    .filter(|p| (1..=MAX_PAGE).contains(p)),
                1,
            )?,
        };
        let per_page = match self.per_page.as_deref() {
            None => PER_PAGE[0],
            Some(raw) => or_default(
                raw.trim().parse().ok().filter(|n| PER_PAGE.contains(n)),
                PER_PAGE[0],
            )?,
        };
        Ok(Listing {
            path: path.into(),
            filters: Vec::new(),
            sort,
            descending,
            page,
            per_page,
            total: 0,
        })
    }
}

impl Listing {
    /// Keeps a filter in every link (left out when empty).
    pub fn filter(mut self, name: &'static str, value: &str) -> Listing {
        if !value.is_empty() {
            self.filters.push((name, value.to_owned()));
        }
        self
    }

    /// The page's offset from 0, for the store.
    pub fn page_index(&self) -> u32 {
        self.page - 1
    }

    /// For a list sorted in memory (its rows derived from what the store returns, or
    /// decrypted): counts `items` as the total, and returns the page's items in the
    /// listing's order. `key` is an item's value in the sorted column; `tie` orders items
    /// that share it, always the same way, so that a page never repeats or skips an item.
    ///
    /// A tie (often a folded name) costs more than a key, and only the items that share a
    /// value with one on the page need it: ties are made for those runs only, not for
    /// every item of a list of thousands.
    pub fn page_of<T, K: Ord, U: Ord>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        key: impl Fn(&T) -> K,
        tie: impl Fn(&T) -> U,
    ) -> Vec<T> {
        let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
        self.total = items.len() as u64;
        let keys: Vec<K> = items.iter().flatten().map(&key).collect();
        let by_column = |a: &usize, b: &usize| {
            let order = keys[*a].cmp(&keys[*b]);
            if self.descending {
                order.reverse()
            } else {
                order
            }
        };
        let mut order: Vec<usize> = (0..keys.len()).collect();
        let per_page = self.per_page as usize;
        let first = (self.page_index() as usize * per_page).min(order.len());
        let last = (first + per_page).min(order.len());
        if first == last {
            return Vec::new();
        }
        // The column's order, equal keys kept in the items' order (as a stable sort keeps
        // them) until `tie` orders them.
        let in_order = |a: &usize, b: &usize| by_column(a, b).then(a.cmp(b));
        // Only the items up to the page's end, and the rest of the run of equal keys the
        // page ends in, need sorting: they are selected first, and only they are sorted.
        // A first page of a list of thousands costs a pass over it, not a sort of it.
        let mut sorted = order.len();
        if last < order.len() {
            order.select_nth_unstable_by(last - 1, in_order);
            let boundary = order[last - 1];
            sorted = last;
            for i in last..order.len() {
                if keys[order[i]] == keys[boundary] {
                    order.swap(i, sorted);
                    sorted += 1;
                }
            }
        }
        order[..sorted].sort_unstable_by(in_order);
        // Widen the page to the whole runs of equal keys it cuts into, and order each run.
        let mut start = first;
        while start > 0 && keys[order[start - 1]] == keys[order[first]] {
            start -= 1;
        }
        let mut end = last;
        while end > first && end < order.len() && keys[order[end]] == keys[order[last - 1]] {
            end += 1;
        }
        for run in order[start..end].chunk_by_mut(|a, b| keys[*a] == keys[*b]) {
            if run.len() > 1 {
                run.sort_by_cached_key(|&i| tie(items[i].as_ref().expect("each item once")));
            }
        }
        order[first..last]
            .iter()
            .map(|&i| items[i].take().expect("each item once"))
            .collect()
    }

    fn href(&self, sort: &str, descending: bool, page: u32) -> String {
        let mut pairs: Vec<(&str, String)> =
            self.filters.iter().map(|(k, v)| (*k, v.clone())).collect();
        pairs.push(("sort", sort.to_owned()));
        pairs.push(("dir", if descending { "desc" } else { "asc" }.to_owned()));
        pairs.push(("per_page", self.per_page.to_string()));
        pairs.push(("page", page.to_string()));
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", url_encode(v)))
            .collect();
        format!("{}?{}", self.path, query.join("&"))
    }

    /// A column header's link: sorted by it, the other way when it already is, from page 1.
    pub fn sort_href(&self, column: &str) -> String {
        let descending = self.sort == column && !self.descending;
        self.href(column, descending, 1)
    }

    /// `aria-sort` of a column header.
    pub fn aria_sort(&self, column: &str) -> &'static str {
        match (self.sort == column, self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    /// The arrow beside the sorted column's name (hidden from screen readers, which read
    /// `aria-sort`).
    pub fn arrow(&self, column: &str) -> &'static str {
        match (self.sort == column, self.descending) {
            (false, _) => "",
            (true, false) => "▲",
            (true, true) => "▼",
        }
    }

    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page)).max(1)).min(u64::from(MAX_PAGE)) as u32
    }

    pub fn previous_href(&self) -> Option<String> {
        (self.page > 1).then(|| self.href(self.sort, self.descending, self.page - 1))
    }

    pub fn next_href(&self) -> Option<String> {
        (self.page < self.pages()).then(|| self.href(self.sort, self.descending, self.page + 1))
    }

    /// « Page 2 of 7 ».
    pub fn position(&self, tr: &Tr) -> String {
        tr.ts(
            "list-page-of",
            &[("page", self.page.into()), ("pages", self.pages().into())],
        )
    }

    pub fn per_page_choices(&self) -> Vec<(u32, bool)> {
        let mut sizes = PER_PAGE.to_vec();
        sizes.sort_unstable();
        sizes.into_iter().map(|n| (n, n == self.per_page)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(page: u32, per_page: u32, descending: bool) -> Listing {
        Listing {
            path: "/x".into(),
            filters: Vec::new(),
            sort: "x",
            descending,
            page,
            per_page,
            total: 0,
        }
    }

    #[test]
    fn every_page_is_the_slice_of_the_whole_order_with_ties_made_only_near_it() {
        // Keys with runs of every length (1 to 13 items), ties that order differently
        // from the items' own order, and pages that start and end inside runs.
        let items: Vec<u32> = (0..250).collect();
        let key = |i: &u32| (i * 7919 % 250) / 13 + (i * 31 % 3) * 100;
        let tie = |i: &u32| i.wrapping_mul(2_654_435_761) % 1000;
        for descending in [false, true] {
            let mut whole = items.clone();
            whole.sort_by(|a, b| {
                let by_key = key(a).cmp(&key(b));
                let by_key = if descending { by_key.reverse() } else { by_key };
                by_key.then_with(|| tie(a).cmp(&tie(b)))
            });
            for per_page in [1, 7, 25, 100] {
                let pages = items.len().div_ceil(per_page as usize) as u32;
                let mut read = Vec::new();
                for page in 1..=pages + 1 {
                    let mut l = listing(page, per_page, descending);
                    let made = std::cell::Cell::new(0);
                    let counted_tie = |i: &u32| {
                        made.set(made.get() + 1);
                        tie(i)
                    };
                    let got = l.page_of(items.iter().copied(), key, counted_tie);
                    assert_eq!(l.total, items.len() as u64);
                    // No run is longer than 13: ties for at most the page and the two
                    // runs it cuts into.
                    assert!(made.get() <= per_page as usize + 2 * 13, "{}", made.get());
                    read.extend(got);
                }
                assert_eq!(read, whole, "{per_page} a page, descending {descending}");
            }
        }
    }
}
