//! A value with the place it was written: what every rule reports at.

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T, L> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub at: L,
}

impl<T, L> Located<T, L> {
    /// Pairs a value with its location.
    pub fn new(value: T, at: L) -> Self {
        Located { value, at }
    }
}
