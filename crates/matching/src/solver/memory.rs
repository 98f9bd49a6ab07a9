//! Large working arrays, backed by huge pages where the system offers them on request.
//!
//! A complete problem's cost matrix is fresh memory, written once and then read again and
//! again. On Linux, each first touch of a 4 KiB page is a fault; with transparent huge
//! pages in `madvise` mode (a common default), asking for huge pages turns 512 of those
//! faults into one. Measured on the 2-core machine, filling a fresh 8 MB array took
//! 4.6–6.2 ms with small pages and 1.7–2.1 ms with huge ones, and LAPJV on 2,000 × 2,000
//! went from 19.4 to 16.4 ms (decision 0038). The main solver's arcs and the columns'
//! lists are advised too: first tried on an earlier machine, they gained nothing there
//! (their memory was mostly what reading the input freed, already touched), but on a later
//! one a first solve of a complete 2,000 × 2,000 in the main solver made 7,888 faults in
//! 54–58 ms, and advised, 224–734 in 44–49 ms (decision 0055). A problem's edges are
//! advised too, when room for them is reserved ([`Problem::reserve_edges`], as the CSV reader
//! and the generators do): every solve starts by reading them all, and on a virtual machine
//! where a first reading of freshly written memory is slow, 64 MB of edges written on small
//! pages took 7.4 ms to read once and advised 4.0 (decision 0061). Elsewhere, or where the
//! system declines, nothing changes.
//!
//! [`Problem::reserve_edges`]: super::Problem::reserve_edges

/// Below this many bytes the advice is not given: the faults it saves are few, and a huge
/// page is 2 MiB.
const ADVISED_FROM: usize = 4 << 20;

/// A vector of `len` default values, its memory advised to be backed by huge pages when it
/// is large.
pub(super) fn filled<T: Copy + Default>(len: usize) -> Vec<T> {
    let mut items = with_capacity(len);
    items.resize(len, T::default());
    items
}

/// An empty vector with room for `len` items, its memory advised to be backed by huge
/// pages when it is large.
pub(super) fn with_capacity<T>(len: usize) -> Vec<T> {
    let mut items = Vec::new();
    reserve(&mut items, len);
    items
}

/// Makes room for `additional` more items in `items`, the room advised as in
/// [`with_capacity`].
pub(super) fn reserve<T>(items: &mut Vec<T>, additional: usize) {
    items.reserve(additional);
    advise_huge_pages(items.spare_capacity_mut());
}

#[cfg(target_os = "linux")]
fn advise_huge_pages<T>(memory: &mut [std::mem::MaybeUninit<T>]) {
    const PAGE: usize = 4096;
    let bytes = std::mem::size_of_val(memory);
    if bytes < ADVISED_FROM {
        return;
    }
    // Whole pages inside the allocation: madvise takes a page-aligned start. (Where pages
    // are larger than 4 KiB, an unaligned start is refused, and nothing changes.)
    let start = memory.as_mut_ptr() as usize;
    let from = start.next_multiple_of(PAGE);
    let to = (start + bytes) / PAGE * PAGE;
    // SAFETY: the range lies inside memory this vector owns, and MADV_HUGEPAGE only
    // advises how to back its pages: it changes no contents and invalidates no pointer.
    // A refusal (a kernel without transparent huge pages) leaves things as they were.
    unsafe {
        libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages<T>(_memory: &mut [std::mem::MaybeUninit<T>]) {}

#[cfg(test)]
mod tests {
    #[test]
    fn large_arrays_are_filled_whether_or_not_advised() {
        // Below and above the size that is advised.
        for len in [1000, 3 << 20] {
            let items: Vec<(u32, i16)> = super::filled(len);
            assert_eq!(items.len(), len);
            assert!(items.iter().all(|&item| item == (0, 0)));
            assert!(std::mem::size_of_val(&items[..]) >= super::ADVISED_FROM || len == 1000);
        }
    }
}
