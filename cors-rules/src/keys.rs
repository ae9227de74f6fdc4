//! The keys of a policy, defined once: the table the macros parse with and
//! the docs list, and the fields of [`PolicyInput`] the policy keys fill.
//!
//! Each row of [`keys!`] is one key. A policy key becomes a field of
//! [`PolicyInput`] (named as the key, holding `None` until it is given, the
//! value located where it was written), a case of [`PolicyInput::set`] and
//! of [`PolicyInput::over`], and a row of [`KEYS`]. An attribute key (what
//! `#[cors]` itself reads, such as `crate`) is a row of [`KEYS`] only.

use crate::context::Context;
use crate::located::Located;
use crate::writes::{KeySource, SwitchSources, ALLOW};

/// What a key's value is, as it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A string or a list of strings: `"a"` or `["a", "b"]`.
    Strings,
    /// One name in a string: `"frontend"`.
    Name,
    /// A path to a function: `allowed_origin`.
    Function,
    /// `true` or `false`.
    Switch,
    /// A whole number of seconds: `600`.
    Seconds,
    /// The key alone, with no value: `disabled`.
    Flag,
    /// A path in a string: `"my_crate::route_cors"`.
    PathString,
    /// A path to a policy declared by name: `spa`.
    PolicyName,
}

/// One key of `#[cors(...)]` and `policy!(...)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key as it is written.
    pub name: &'static str,
    /// What its value is.
    pub kind: ValueKind,
    /// A value that is valid in most places, as it is written after `=`.
    pub example: &'static str,
    /// What applies when the key is not given, as the docs write it.
    pub default: &'static str,
    /// Whether it names where allowed origins come from: a policy needs
    /// one such key.
    pub origin_source: bool,
    /// Whether an empty list means something (no header), rather than a
    /// list left unfinished.
    pub may_be_empty: bool,
    /// Whether `policy!` takes it.
    pub in_policy_macro: bool,
}

impl Key {
    /// The key written with its example: `max_age = 600`, or the key alone
    /// for a key that takes no value.
    pub fn written_with(&self, value: Option<&str>) -> String {
        match self.kind {
            ValueKind::Flag => self.name.to_owned(),
            _ => format!("{} = {}", self.name, value.unwrap_or(self.example)),
        }
    }
}

/// The key named `name`, if there is one.
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|key| key.name == name)
}

/// A policy key's value as the macro or the builder read it, to give to
/// [`PolicyInput::set`].
#[derive(Debug, Clone)]
pub enum Value<L, F> {
    /// A [`ValueKind::Strings`] value.
    Strings(Vec<Located<String, L>>),
    /// A [`ValueKind::Name`] value.
    Name(Located<String, L>),
    /// A [`ValueKind::Function`] value: the function, at the key.
    Function(Located<F, L>),
    /// A [`ValueKind::Switch`] value.
    Switch(Located<bool, L>),
    /// A [`ValueKind::Seconds`] value.
    Seconds(Located<i64, L>),
}

/// The type of a policy key's field, by the kind of its value.
macro_rules! field_type {
    (Strings, $l:ty, $f:ty) => { Vec<Located<String, $l>> };
    (Name, $l:ty, $f:ty) => { Located<String, $l> };
    (Function, $l:ty, $f:ty) => { Located<$f, $l> };
    (Switch, $l:ty, $f:ty) => { Located<bool, $l> };
    (Seconds, $l:ty, $f:ty) => { Located<i64, $l> };
}

/// A handler's field over its module's: its own when given, else the
/// module's, a function path as seen from inside the module.
macro_rules! inherited {
    (Function, $own:expr, $module:expr, $from_module:expr) => {
        $own.or_else(|| {
            $module
                .as_ref()
                .map(|f: &Located<F, L>| Located::new($from_module(&f.value), f.at.clone()))
        })
    };
    ($kind:ident, $own:expr, $module:expr, $from_module:expr) => {
        $own.or_else(|| $module.clone())
    };
}

/// Where a policy key's value was written: each element of a list.
macro_rules! locations {
    (Strings, $value:expr, $into:expr) => {
        $into.extend($value.iter().flatten().map(|element| &element.at))
    };
    ($kind:ident, $value:expr, $into:expr) => {
        $into.extend($value.iter().map(|value| &value.at))
    };
}

/// The table of keys; see the module docs.
macro_rules! keys {
    (
        policy {
            $(
                $(#[$doc:meta])*
                $field:ident: $kind:ident {
                    example: $example:expr,
                    default: $default:expr,
                    origin_source: $origin_source:expr,
                    may_be_empty: $may_be_empty:expr $(,)?
                }
            )*
        }
        attribute {
            $(
                $attribute:literal: $attribute_kind:ident {
                    example: $attribute_example:expr,
                    default: $attribute_default:expr,
                    in_policy_macro: $in_policy_macro:expr $(,)?
                }
            )*
        }
    ) => {
        /// Every key `#[cors(...)]` takes, in the order the docs list them.
        pub const KEYS: &[Key] = &[
            $(Key {
                name: stringify!($field),
                kind: ValueKind::$kind,
                example: $example,
                default: $default,
                origin_source: $origin_source,
                may_be_empty: $may_be_empty,
                in_policy_macro: true,
            },)*
            $(Key {
                name: $attribute,
                kind: ValueKind::$attribute_kind,
                example: $attribute_example,
                default: $attribute_default,
                origin_source: false,
                may_be_empty: false,
                in_policy_macro: $in_policy_macro,
            },)*
        ];

        /// The policy keys as written, before checking: each `None` until
        /// given, each value located where it was written. `L` locates
        /// values (a span in the macro, a description at run time); `F` is
        /// what a function key holds (a path in the macro, nothing at run
        /// time, where the builder keeps the function itself).
        pub struct PolicyInput<L, F = ()> {
            /// Where the policy as a whole was written, for problems of no
            /// one value.
            pub whole: L,
            /// Where the policy applies.
            pub context: Context,
            /// The keys given, in the order written, each at the key.
            pub written: Vec<Located<&'static str, L>>,
            /// Where the two cross-origin write keys came from (on a
            /// handler, its own attribute or its module's), and which was
            /// written first.
            pub switch_sources: SwitchSources,
            $(
                $(#[$doc])*
                pub $field: Option<field_type!($kind, L, F)>,
            )*
        }

        // Written out: `derive` does not take fields typed by a macro.
        impl<L: Clone, F: Clone> Clone for PolicyInput<L, F> {
            fn clone(&self) -> Self {
                PolicyInput {
                    whole: self.whole.clone(),
                    context: self.context.clone(),
                    written: self.written.clone(),
                    switch_sources: self.switch_sources,
                    $($field: self.$field.clone(),)*
                }
            }
        }

        impl<L: std::fmt::Debug, F: std::fmt::Debug> std::fmt::Debug for PolicyInput<L, F> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("PolicyInput")
                    .field("whole", &self.whole)
                    .field("context", &self.context)
                    .field("written", &self.written)
                    .field("switch_sources", &self.switch_sources)
                    $(.field(stringify!($field), &self.$field))*
                    .finish()
            }
        }

        impl<L, F> PolicyInput<L, F> {
            /// A policy with no key given yet (no origin source), so every
            /// default.
            pub fn new(context: Context, whole: L) -> Self {
                PolicyInput {
                    whole,
                    context,
                    written: Vec::new(),
                    switch_sources: SwitchSources::default(),
                    $($field: None,)*
                }
            }

            /// Gives the key `key`, written at `at`, its value. A key that
            /// is not a policy key, or a value of another kind, is handed
            /// back.
            pub fn set(&mut self, key: &str, at: L, value: Value<L, F>) -> Result<(), Value<L, F>> {
                match (key, value) {
                    $(
                        (stringify!($field), Value::$kind(value)) => {
                            self.note_switch_order(stringify!($field));
                            self.written.push(Located::new(stringify!($field), at));
                            self.$field = Some(value);
                            Ok(())
                        }
                    )*
                    (_, value) => Err(value),
                }
            }

            /// Whether `key` is given.
            pub fn is_given(&self, key: &str) -> bool {
                self.written.iter().any(|written| written.value == key)
            }

            /// Where each key and each value was written.
            pub fn locations(&self) -> Vec<&L> {
                let mut locations: Vec<&L> = self.written.iter().map(|key| &key.at).collect();
                $(locations!($kind, self.$field, locations);)*
                locations
            }
        }

        impl<L: Clone, F: Clone> PolicyInput<L, F> {
            /// A handler's keys over its `#[cors]` module's: each key the
            /// handler gives replaces the module's, the others are
            /// inherited; `from_module` rewrites an inherited function as
            /// seen from inside the module. The handler's context and
            /// location stay.
            pub fn over(self, module: &Self, from_module: impl Fn(&F) -> F) -> Self {
                let switch_sources = self.switch_sources_over(module);
                let mut written = self.written;
                for key in &module.written {
                    if !written.iter().any(|own| own.value == key.value) {
                        written.push(key.clone());
                    }
                }
                PolicyInput {
                    whole: self.whole,
                    context: self.context,
                    written,
                    switch_sources,
                    $($field: inherited!($kind, self.$field, module.$field, from_module),)*
                }
            }
        }
    };
}

keys! {
    policy {
        /// `origins`: `"*"`, exact origins and patterns.
        origins: Strings {
            example: "[\"https://app.example.com\"]",
            default: "none",
            origin_source: true,
            may_be_empty: false,
        }
        /// `origins_from`: the name of an origin set configured at start-up.
        origins_from: Name {
            example: "\"frontend\"",
            default: "none",
            origin_source: true,
            may_be_empty: false,
        }
        /// `origin_regex`: regexes that match the whole origin.
        origin_regex: Strings {
            example: "r\"https://[a-z0-9-]+\\.example\\.com\"",
            default: "none",
            origin_source: true,
            may_be_empty: false,
        }
        /// `origin_fn`: a function that decides an origin, at the key.
        origin_fn: Function {
            example: "allowed_origin",
            default: "none",
            origin_source: true,
            may_be_empty: false,
        }
        /// `origin_fn_async`: an async function that decides an origin, at
        /// the key.
        origin_fn_async: Function {
            example: "allowed_origin",
            default: "none",
            origin_source: true,
            may_be_empty: false,
        }
        /// `methods`; `None` for the default.
        methods: Strings {
            example: "[\"GET\"]",
            default: "the methods the route serves (`policy!`: GET, HEAD, POST)",
            origin_source: false,
            may_be_empty: false,
        }
        /// `headers`; `None` for the default `"*"`.
        headers: Strings {
            example: "[\"x-request-id\"]",
            default: "`\"*\"`",
            origin_source: false,
            may_be_empty: true,
        }
        /// `expose_headers`.
        expose_headers: Strings {
            example: "[\"x-request-id\"]",
            default: "none",
            origin_source: false,
            may_be_empty: true,
        }
        /// `credentials`.
        credentials: Switch {
            example: "true",
            default: "`false`",
            origin_source: false,
            may_be_empty: false,
        }
        /// `max_age`, in seconds.
        max_age: Seconds {
            example: "600",
            default: "`1800`",
            origin_source: false,
            may_be_empty: false,
        }
        /// `private_network`.
        private_network: Switch {
            example: "true",
            default: "`false`",
            origin_source: false,
            may_be_empty: false,
        }
        /// `refuse_cross_origin_writes`.
        refuse_cross_origin_writes: Switch {
            example: "true",
            default: "on with `credentials = true`",
            origin_source: false,
            may_be_empty: false,
        }
        /// `dangerously_allow_insecure_origins`.
        dangerously_allow_insecure_origins: Switch {
            example: "true",
            default: "`false`",
            origin_source: false,
            may_be_empty: false,
        }
        /// `dangerously_allow_null_origin`.
        dangerously_allow_null_origin: Switch {
            example: "true",
            default: "`false`",
            origin_source: false,
            may_be_empty: false,
        }
        /// `dangerously_allow_cross_origin_writes`.
        dangerously_allow_cross_origin_writes: Switch {
            example: "true",
            default: "`false`",
            origin_source: false,
            may_be_empty: false,
        }
    }
    attribute {
        "policy": PolicyName {
            example: "spa",
            default: "none",
            in_policy_macro: true,
        }
        "disabled": Flag {
            example: "",
            default: "—",
            in_policy_macro: false,
        }
        "crate": PathString {
            example: "\"::route_cors\"",
            default: "the name `Cargo.toml` gives the `route-cors` package",
            in_policy_macro: true,
        }
    }
}

impl<L, F> PolicyInput<L, F> {
    /// The first key given, at the key: what a `disabled` handler's other
    /// keys are refused at.
    pub fn first_given(&self) -> Option<&Located<&'static str, L>> {
        self.written.first()
    }

    /// Records which of the two switch keys is written first, when `key`
    /// is one of them and is about to be given.
    fn note_switch_order(&mut self, key: &str) {
        if key == ALLOW && self.dangerously_allow_cross_origin_writes.is_none() {
            self.switch_sources.allow_first = self.refuse_cross_origin_writes.is_none();
        }
    }

    /// Where each switch key of this handler's keys over the module's
    /// comes from: a key the handler does not write is inherited; a
    /// `false` the handler writes over the module's `true` switches it off.
    /// Their order is the handler's where it writes either, else the
    /// module's.
    fn switch_sources_over(&self, module: &Self) -> SwitchSources {
        fn source<L>(
            own: Option<&Located<bool, L>>,
            module: Option<&Located<bool, L>>,
        ) -> KeySource {
            match (own, module) {
                (None, Some(_)) => KeySource::Module,
                (Some(own), Some(module)) if !own.value && module.value => KeySource::OverModule,
                _ => KeySource::Own,
            }
        }
        let writes_either = self.refuse_cross_origin_writes.is_some()
            || self.dangerously_allow_cross_origin_writes.is_some();
        SwitchSources {
            refuse: source(
                self.refuse_cross_origin_writes.as_ref(),
                module.refuse_cross_origin_writes.as_ref(),
            ),
            allow: source(
                self.dangerously_allow_cross_origin_writes.as_ref(),
                module.dangerously_allow_cross_origin_writes.as_ref(),
            ),
            allow_first: if writes_either {
                self.switch_sources.allow_first
            } else {
                module.switch_sources.allow_first
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writes::REFUSE;

    type Input = PolicyInput<&'static str, &'static str>;

    fn input() -> Input {
        PolicyInput::new(Context::Middleware, "whole")
    }

    fn switch(value: bool, at: &'static str) -> Value<&'static str, &'static str> {
        Value::Switch(Located::new(value, at))
    }

    #[test]
    fn every_policy_key_is_a_field_and_every_field_a_key() {
        for key in KEYS {
            let mut policy = input();
            let value = match key.kind {
                ValueKind::Strings => Value::Strings(Vec::new()),
                ValueKind::Name => Value::Name(Located::new(String::new(), "v")),
                ValueKind::Function => Value::Function(Located::new("f", "v")),
                ValueKind::Switch => switch(true, "v"),
                ValueKind::Seconds => Value::Seconds(Located::new(1, "v")),
                ValueKind::Flag | ValueKind::PathString | ValueKind::PolicyName => {
                    assert!(policy.set(key.name, "k", switch(true, "v")).is_err());
                    continue;
                }
            };
            assert!(policy.set(key.name, "k", value).is_ok(), "{}", key.name);
            assert!(policy.is_given(key.name), "{}", key.name);
            assert_eq!(policy.first_given().map(|k| k.at), Some("k"));
        }
        let mut policy = input();
        assert!(policy
            .set("credentials", "k", Value::Seconds(Located::new(1, "v")))
            .is_err());
        assert!(policy.set("no_such_key", "k", switch(true, "v")).is_err());
        assert!(policy.written.is_empty());
    }

    #[test]
    fn a_handler_key_replaces_the_module_key_and_the_others_are_inherited() {
        let mut module = input();
        module
            .set(
                "origins",
                "module origins",
                Value::Strings(vec![Located::new("https://a.com".into(), "a")]),
            )
            .unwrap();
        module
            .set("credentials", "module credentials", switch(true, "true"))
            .unwrap();
        module
            .set(
                "origin_fn",
                "module origin_fn",
                Value::Function(Located::new("check", "origin_fn")),
            )
            .unwrap();
        let mut handler = input();
        handler
            .set("credentials", "own credentials", switch(false, "false"))
            .unwrap();

        let merged = handler.over(&module, |path| {
            if *path == "check" {
                "super::check"
            } else {
                path
            }
        });
        assert_eq!(merged.credentials.map(|c| c.value), Some(false));
        assert_eq!(merged.origins.map(|o| o[0].at), Some("a"));
        assert_eq!(merged.origin_fn.map(|f| f.value), Some("super::check"));
        let written: Vec<_> = merged.written.iter().map(|k| (k.value, k.at)).collect();
        assert_eq!(
            written,
            [
                ("credentials", "own credentials"),
                ("origins", "module origins"),
                ("origin_fn", "module origin_fn"),
            ]
        );
        assert_eq!(merged.whole, "whole");
    }

    #[test]
    fn switch_keys_are_inherited_one_by_one() {
        use KeySource::{Module, OverModule, Own};
        let mut module = input();
        module.set(ALLOW, "k", switch(true, "allow")).unwrap();
        module.set(REFUSE, "k", switch(true, "refuse")).unwrap();
        assert!(module.switch_sources.allow_first);
        // The handler's keys; where each switch key comes from, and whose
        // order counts.
        let cases: [(&[(&str, bool)], _, _, _); 4] = [
            (&[], Module, Module, true),
            (&[(REFUSE, true)], Own, Module, false),
            (&[(REFUSE, false)], OverModule, Module, false),
            (&[(ALLOW, false)], Module, OverModule, true),
        ];
        for (keys, refuse, allow, allow_first) in cases {
            let mut handler = input();
            for &(key, value) in keys {
                handler.set(key, "k", switch(value, "own")).unwrap();
            }
            let merged = handler.over(&module, |f| f);
            let expected = SwitchSources {
                refuse,
                allow,
                allow_first,
            };
            assert_eq!(merged.switch_sources, expected, "{keys:?}");
            assert!(merged.refuse_cross_origin_writes.is_some(), "{keys:?}");
            assert!(
                merged.dangerously_allow_cross_origin_writes.is_some(),
                "{keys:?}"
            );
        }
        let mut alone = input();
        alone.set(REFUSE, "k", switch(false, "own")).unwrap();
        assert_eq!(
            alone.over(&input(), |f| f).switch_sources,
            SwitchSources::default()
        );
    }

    #[test]
    fn the_table_names_each_key_once() {
        for (i, key) in KEYS.iter().enumerate() {
            assert!(
                !KEYS[..i].iter().any(|k| k.name == key.name),
                "{}",
                key.name
            );
            assert_eq!(super::key(key.name), Some(key));
        }
        assert_eq!(
            key("credentials").map(|k| k.written_with(None)),
            Some("credentials = true".to_owned())
        );
        assert_eq!(
            key("disabled").map(|k| k.written_with(None)),
            Some("disabled".to_owned())
        );
    }
}
