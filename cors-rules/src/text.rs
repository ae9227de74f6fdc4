//! The text types of a checked policy: borrowed in a policy the macros
//! emit as a `static`, owned in one built at run time.

use std::borrow::Cow;

/// Text that is `&'static` in a policy the macros emit, and owned in one
/// built at run time.
pub type Text = Cow<'static, str>;

/// A list of [`Text`], borrowed or owned likewise.
pub type Texts = Cow<'static, [Text]>;

/// Owned [`Texts`] from strings.
pub(crate) fn owned(values: impl IntoIterator<Item = String>) -> Texts {
    Cow::Owned(values.into_iter().map(Cow::Owned).collect())
}

/// What separates values written in one string: commas, semicolons and
/// white space.
const SEPARATORS: [char; 5] = [',', ';', ' ', '\t', '\n'];

/// The values of one string, split at [`SEPARATORS`], empty ones left out.
pub(crate) fn separated(text: &str) -> Vec<&str> {
    text.split(SEPARATORS)
        .filter(|part| !part.is_empty())
        .collect()
}
