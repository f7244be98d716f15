//! The one sort of the core and the page: every list that needs ordering is ordered by
//! [`sort_by_key`], which sorts `(key, position)` pairs of one type.
//!
//! Why: each `sort`/`sort_by_key` call site with its own element type and comparator is its own
//! copy of the standard library's sorts in the page's wasm (112 functions, 14 KB gzip of the page
//! before this module, docs/weight.md cut 6). Sorting one pair type costs one copy, whatever the
//! lists hold. The engine's timer buckets ([`crate::timers`]) keep their own sort: they are the
//! engine's hot path.

/// Sorts `items` by `key`, stably (items with equal keys keep their order). A key of several
/// fields is packed into one `u128`, most significant first (e.g. `(at << 64) | event`), so that it
/// compares as the tuple would.
pub fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> u128) {
    // The position breaks ties, so the one unstable sort of the pairs is a stable sort of items.
    let mut order: Vec<(u128, u32)> = items.iter().enumerate().map(|(i, t)| (key(t), i as u32)).collect();
    order.sort_unstable();
    // Move each item to its place, one cycle of the permutation at a time: `from[j]` is where the
    // item that belongs at `j` is now, until it is there.
    let mut from: Vec<u32> = order.into_iter().map(|(_, i)| i).collect();
    for start in 0..from.len() {
        let mut j = start;
        loop {
            let src = from[j] as usize;
            from[j] = j as u32;
            if src == start || src == j {
                break;
            }
            items.swap(j, src);
            j = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, equal keys included.
        #[test]
        fn sorts_as_the_stable_sort_does(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |&(k, _)| u128::from(k));
            let mut std_sorted = v;
            std_sorted.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, std_sorted);
        }
    }

    #[test]
    fn packed_keys_compare_as_tuples() {
        let mut v = vec![(2u64, 1u32), (1, 9), (2, 0), (1, 3)];
        sort_by_key(&mut v, |&(a, b)| (u128::from(a) << 64) | u128::from(b));
        assert_eq!(v, [(1, 3), (1, 9), (2, 0), (2, 1)]);
    }
}
