//! Values by indicator code, in code order: a sorted vector, not a tree.
//!
//! Every accepted unit keeps its ~35 figures (with their cells) until the
//! quarter is aggregated and written, so their size counts: a `BTreeMap`
//! spreads 35 entries over six nodes with room for 66, a sorted vector
//! holds them in one allocation of exactly 35 (about half the memory at
//! 10,000 units), and each code inline in its entry rather than in an
//! allocation of its own (run's peak RSS at 10,000 units 146 → 125 MB).
//! Lookups are binary searches over a few dozen codes.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use smol_str::SmolStr;

/// A map from indicator code to `V`, iterated in code order (as a
/// `BTreeMap<String, V>` would be). Codes are kept inline (a plan's codes
/// are at most 20 characters), not in an allocation of their own.
#[derive(Clone, PartialEq)]
pub struct ByCode<V> {
    entries: Vec<(SmolStr, V)>,
}

impl<V> Default for ByCode<V> {
    fn default() -> Self {
        ByCode {
            entries: Vec::new(),
        }
    }
}

impl<V> ByCode<V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `n` codes.
    pub fn with_capacity(n: usize) -> Self {
        ByCode {
            entries: Vec::with_capacity(n),
        }
    }

    fn position(&self, code: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(c, _)| c.as_str().cmp(code))
    }

    pub fn get(&self, code: &str) -> Option<&V> {
        self.position(code).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut(&mut self, code: &str) -> Option<&mut V> {
        self.position(code).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key(&self, code: &str) -> bool {
        self.position(code).is_ok()
    }

    /// Sets the value of `code`, returning the one it replaces.
    pub fn insert(&mut self, code: impl AsRef<str>, value: V) -> Option<V> {
        let code = code.as_ref();
        match self.position(code) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (SmolStr::new(code), value));
                None
            }
        }
    }

    /// The value of `code`, inserted as `V::default()` when missing.
    pub fn entry_or_default(&mut self, code: &str) -> &mut V
    where
        V: Default,
    {
        let i = match self.position(code) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (SmolStr::new(code), V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    pub fn remove(&mut self, code: &str) -> Option<V> {
        self.position(code).ok().map(|i| self.entries.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// (code, value) in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(c, v)| (c.as_str(), v))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K: AsRef<str>, V> FromIterator<(K, V)> for ByCode<V> {
    /// Of two entries with the same code the later one counts, as in
    /// `BTreeMap::from_iter`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(SmolStr, V)> = iter
            .into_iter()
            .map(|(c, v)| (SmolStr::new(c), v))
            .collect();
        // Stable: equal codes keep their order, and the last is kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(SmolStr, V)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        ByCode { entries: kept }
    }
}

impl<V> std::ops::Index<&str> for ByCode<V> {
    type Output = V;

    /// The value of `code`; panics when there is none, as `BTreeMap` does
    /// (tests only: code looks values up with [`ByCode::get`]).
    fn index(&self, code: &str) -> &V {
        self.get(code)
            .unwrap_or_else(|| panic!("no value for code {code:?}"))
    }
}

impl<K: AsRef<str>, V, const N: usize> From<[(K, V); N]> for ByCode<V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<'a, V> IntoIterator for &'a ByCode<V> {
    type Item = (&'a str, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (SmolStr, V)>,
        fn(&'a (SmolStr, V)) -> (&'a str, &'a V),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(c, v)| (c.as_str(), v))
    }
}

impl<V> IntoIterator for ByCode<V> {
    type Item = (String, V);
    type IntoIter =
        std::iter::Map<std::vec::IntoIter<(SmolStr, V)>, fn((SmolStr, V)) -> (String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter().map(|(c, v)| (c.to_string(), v))
    }
}

impl<V: fmt::Debug> fmt::Debug for ByCode<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// One unit's values of an earlier quarter, by indicator code, in code
/// order: what the later quarters of the year read of it. The list of
/// codes is shared with every other unit that reported the same codes
/// (see [`CodeLists`]), and a clone shares both lists. In the fourth
/// quarter of 10,000 units, the three earlier quarters' values took 63 MB
/// as maps with a code beside each value, copied for the aggregation;
/// they take 8 MB so.
#[derive(Clone, PartialEq)]
pub struct EarlierValues {
    codes: Arc<[SmolStr]>,
    values: Arc<[f64]>,
}

impl EarlierValues {
    pub fn get(&self, code: &str) -> Option<f64> {
        self.codes
            .binary_search_by(|c| c.as_str().cmp(code))
            .ok()
            .map(|i| self.values[i])
    }

    /// (code, value) in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.codes
            .iter()
            .map(SmolStr::as_str)
            .zip(self.values.iter().copied())
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether `other` is this one shared, not a copy.
    #[cfg(test)]
    pub(crate) fn shares_with(&self, other: &EarlierValues) -> bool {
        Arc::ptr_eq(&self.codes, &other.codes) && Arc::ptr_eq(&self.values, &other.values)
    }
}

impl<K: AsRef<str>> FromIterator<(K, f64)> for EarlierValues {
    /// As [`ByCode`]'s: of two entries with the same code the later one
    /// counts.
    fn from_iter<I: IntoIterator<Item = (K, f64)>>(iter: I) -> Self {
        let by_code: ByCode<f64> = iter.into_iter().collect();
        CodeLists::default().values(&by_code, |v| *v)
    }
}

impl<K: AsRef<str>, const N: usize> From<[(K, f64); N]> for EarlierValues {
    fn from(entries: [(K, f64); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl fmt::Debug for EarlierValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The lists of codes [`EarlierValues`] made by one `CodeLists` share:
/// the units of a plan mostly report the same codes, so a quarter keeps
/// one or a few lists, not one a unit.
#[derive(Default)]
pub struct CodeLists {
    lists: HashSet<Arc<[SmolStr]>>,
    /// The list found last: the next unit's is most likely the same.
    last: Option<Arc<[SmolStr]>>,
}

impl CodeLists {
    /// `by_code`'s values (each made a number by `value`) with their codes.
    pub fn values<V>(&mut self, by_code: &ByCode<V>, value: impl Fn(&V) -> f64) -> EarlierValues {
        let values: Arc<[f64]> = by_code.values().map(value).collect();
        let same = |list: &Arc<[SmolStr]>| {
            list.len() == by_code.len()
                && list.iter().zip(&by_code.entries).all(|(a, (b, _))| a == b)
        };
        let codes = match &self.last {
            Some(last) if same(last) => Arc::clone(last),
            _ => {
                let codes: Vec<SmolStr> = by_code.entries.iter().map(|(c, _)| c.clone()).collect();
                let list = match self.lists.get(codes.as_slice()) {
                    Some(list) => Arc::clone(list),
                    None => {
                        let list: Arc<[SmolStr]> = codes.into();
                        self.lists.insert(Arc::clone(&list));
                        list
                    }
                };
                self.last = Some(Arc::clone(&list));
                list
            }
        };
        EarlierValues { codes, values }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btree_map_by_code() {
        let ops: [(&str, Option<i32>); 9] = [
            ("B03", Some(1)),
            ("A01", Some(2)),
            ("A10", Some(3)),
            ("A02", Some(4)),
            ("A01", Some(5)),
            ("C01", None),
            ("A10", None),
            ("B03", Some(6)),
            ("A00", Some(7)),
        ];
        let mut ours = ByCode::new();
        let mut tree = BTreeMap::new();
        for (code, op) in ops {
            match op {
                Some(v) => assert_eq!(ours.insert(code, v), tree.insert(code.to_string(), v)),
                None => assert_eq!(ours.remove(code), tree.remove(code)),
            }
            assert_eq!(
                ours.iter().collect::<Vec<_>>(),
                tree.iter()
                    .map(|(c, v)| (c.as_str(), v))
                    .collect::<Vec<_>>()
            );
        }
        assert_eq!(ours.len(), 4);
        assert_eq!(ours.get("A01"), Some(&5));
        assert_eq!(ours.get("A10"), None);
        assert!(ours.contains_key("A00"));
        *ours.get_mut("A02").unwrap() += 10;
        assert_eq!(ours.get("A02"), Some(&14));
        *ours.entry_or_default("A02") += 1;
        *ours.entry_or_default("A03") += 1;
        assert_eq!(ours["A03"], 1);
        assert_eq!(ours.remove("A03"), Some(1));
        assert_eq!(ours.values().sum::<i32>(), 7 + 5 + 15 + 6);
        assert_eq!(
            format!("{ours:?}"),
            r#"{"A00": 7, "A01": 5, "A02": 15, "B03": 6}"#
        );
    }

    #[test]
    fn collected_the_later_of_two_equal_codes_counts() {
        let pairs = [("B", 1), ("A", 2), ("B", 3), ("A", 4), ("C", 5)];
        let ours: ByCode<i32> = pairs.iter().map(|(c, v)| (c.to_string(), *v)).collect();
        let tree: BTreeMap<String, i32> = pairs.iter().map(|(c, v)| (c.to_string(), *v)).collect();
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            tree.iter()
                .map(|(c, v)| (c.as_str(), v))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            ours.into_iter().collect::<Vec<_>>(),
            tree.into_iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn earlier_values_share_their_codes_and_read_as_the_map_they_came_from() {
        let a: ByCode<(f64, u8)> = [("B01", (2.5, 0)), ("A01", (1.0, 0))].into();
        let b: ByCode<(f64, u8)> = [("A01", (4.0, 1)), ("B01", (0.0, 1))].into();
        let c: ByCode<(f64, u8)> = [("A01", (7.0, 2))].into();
        let mut lists = CodeLists::default();
        let (va, vb, vc) = (
            lists.values(&a, |v| v.0),
            lists.values(&b, |v| v.0),
            lists.values(&c, |v| v.0),
        );
        assert!(Arc::ptr_eq(&va.codes, &vb.codes), "same codes, one list");
        assert!(!Arc::ptr_eq(&va.codes, &vc.codes));
        // A list seen before the last one is found again.
        let vd = lists.values(&a, |v| v.0 * 2.0);
        assert!(Arc::ptr_eq(&va.codes, &vd.codes));
        assert_eq!(lists.lists.len(), 2);

        assert_eq!(va.iter().collect::<Vec<_>>(), [("A01", 1.0), ("B01", 2.5)]);
        assert_eq!(vd.iter().collect::<Vec<_>>(), [("A01", 2.0), ("B01", 5.0)]);
        assert_eq!(
            (vb.get("B01"), vb.get("A01"), vb.get("C01")),
            (Some(0.0), Some(4.0), None)
        );
        assert_eq!((vc.len(), vc.is_empty()), (1, false));
        assert_eq!(format!("{va:?}"), r#"{"A01": 1.0, "B01": 2.5}"#);
        let collected: EarlierValues = [("B01", 1.0), ("A01", 2.0), ("B01", 3.0)].into();
        assert_eq!(
            collected.iter().collect::<Vec<_>>(),
            [("A01", 2.0), ("B01", 3.0)]
        );
        assert!(EarlierValues::from_iter(Vec::<(&str, f64)>::new()).is_empty());
    }
}
