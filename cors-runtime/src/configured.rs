//! Origin sets configured at start-up: the origins of a route that says
//! `origins_from = "name"`, read from the environment (or any other
//! configuration) in `main`, checked by the same rules as literal origins,
//! and handed to the app as `app_data`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use actix_web::{web, HttpRequest};

use crate::builder::PolicyError;
use crate::policy::Policy;
use crate::set_events;

/// The origin sets of an application, by name, for routes with
/// `#[cors(origins_from = "name")]`.
///
/// Build it in `main`, before `HttpServer::new`, so that a bad value stops
/// the program before it serves anything, with `?`; then give it to the
/// App with `.app_data(origins.clone())`, as is or in a `web::Data`, or to
/// the `web::scope` that holds the routes using it (a scope's `app_data`
/// is seen only by what runs inside that scope):
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use route_cors::OriginSets;
///
/// # fn main() -> std::io::Result<()> {
/// # std::env::set_var("FRONTEND_ORIGINS", "https://app.example.com, https://admin.example.com");
/// let origins = OriginSets::new()
///     .set_from_env("frontend", "FRONTEND_ORIGINS")?
///     .set("partners", ["https://partner.example.net"])?;
/// assert!(origins.get("frontend").unwrap().allows_origin("https://admin.example.com"));
/// // App::new().app_data(origins.clone()) ...
/// # Ok(())
/// # }
/// ```
///
/// Every value goes through the rules of literal `origins`, with their
/// messages, and as strictly as with `credentials = true`: a set never
/// holds `*`, `null`, or a plain-http origin that is not potentially
/// trustworthy (`localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]` are),
/// so any route may use it. Values are separated by commas or white space.
#[derive(Debug, Clone, Default)]
pub struct OriginSets {
    sets: Arc<HashMap<String, Arc<Policy>>>,
}

impl OriginSets {
    /// No set yet.
    pub fn new() -> Self {
        OriginSets::default()
    }

    /// Adds the set `name` with these origins: exact origins, subdomain
    /// patterns (`https://*.example.com`) or any-port patterns.
    pub fn set<I>(self, name: &str, origins: I) -> Result<Self, OriginSetError>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let origins: Vec<String> = origins.into_iter().map(Into::into).collect();
        let written = origins.join(", ");
        self.checked(name, origins, Source::Value(written))
    }

    /// Adds the set `name` with the origins in the environment variable
    /// `variable`, read now.
    pub fn set_from_env(self, name: &str, variable: &str) -> Result<Self, OriginSetError> {
        let source = Source::Env(variable.to_owned());
        let Ok(value) = std::env::var(variable) else {
            return Err(OriginSetError {
                name: name.to_owned(),
                source,
                reason: Reason::Missing,
            });
        };
        let origins = value
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|origin| !origin.is_empty())
            .map(str::to_owned)
            .collect();
        self.checked(name, origins, source.with_value(value))
    }

    /// The set `name`, as a policy that allows exactly its origins.
    pub fn get(&self, name: &str) -> Option<&Policy> {
        self.sets.get(name).map(|set| &**set)
    }

    /// The set `name` as the request's `app_data` gives it: an
    /// `OriginSets` as is or in a `web::Data`, from the innermost scope the
    /// request has entered out to the App.
    pub(crate) fn in_request<'r>(req: &'r HttpRequest, name: &str) -> Option<&'r Policy> {
        req.app_data::<OriginSets>()
            .and_then(|sets| sets.get(name))
            .or_else(|| {
                req.app_data::<web::Data<OriginSets>>()
                    .and_then(|sets| sets.get_ref().get(name))
            })
    }

    fn checked(
        self,
        name: &str,
        origins: Vec<String>,
        source: Source,
    ) -> Result<Self, OriginSetError> {
        let error = |reason| OriginSetError {
            name: name.to_owned(),
            source: source.clone(),
            reason,
        };
        let nameable = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if name.is_empty() || !name.chars().all(nameable) {
            let written: String = name
                .trim()
                .chars()
                .map(|c| if nameable(c) { c } else { '-' })
                .collect();
            let written = if written.is_empty() {
                "frontend".to_owned()
            } else {
                written
            };
            return Err(error(Reason::Name(written)));
        }
        if origins.is_empty() {
            return Err(error(Reason::Empty));
        }
        if origins.iter().any(|origin| origin == "*") {
            return Err(error(Reason::Star));
        }
        let policy = Policy::builder()
            .allow_origins(origins)
            .for_origin_set(!matches!(source, Source::Value(_)))
            .build()
            .map_err(|problems| error(Reason::Refused(problems)))?
            .with_source(format!("origin set {name:?}"));
        set_events::origin_set_built(
            name,
            policy.checked().origins.exact.len() + policy.checked().origins.patterns.len(),
        );
        let mut sets = Arc::unwrap_or_clone(self.sets);
        sets.insert(name.to_owned(), Arc::new(policy));
        Ok(OriginSets {
            sets: Arc::new(sets),
        })
    }
}

/// Where a set's values came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Value(String),
    Env(String),
    EnvValue(String, String),
}

impl Source {
    fn with_value(self, value: String) -> Source {
        match self {
            Source::Env(variable) => Source::EnvValue(variable, value),
            other => other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Reason {
    /// A name `origins_from` cannot write, with one it can.
    Name(String),
    Missing,
    Empty,
    Star,
    Refused(PolicyError),
}

/// Why an origin set was refused: names the set, the variable and the
/// value, what is wrong and what to write instead. Converts into
/// [`std::io::Error`] for `?` in `main`.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use route_cors::OriginSets;
///
/// let error = OriginSets::new().set("frontend", ["https://app.example.com/"]).unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "origin set \"frontend\" = \"https://app.example.com/\" is not usable:\n  \
///      origin \"https://app.example.com/\": origin must not end with `/`; write \"https://app.example.com\"",
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct OriginSetError {
    name: String,
    source: Source,
    reason: Reason,
}

impl OriginSetError {
    /// The problems of the values, when they were read but refused.
    pub fn problems(&self) -> Option<&PolicyError> {
        match &self.reason {
            Reason::Refused(problems) => Some(problems),
            _ => None,
        }
    }
}

impl fmt::Display for OriginSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.source {
            Source::Env(variable) | Source::EnvValue(variable, _)
                if self.reason == Reason::Missing =>
            {
                return write!(
                    f,
                    "{variable} is not set: set it to the origins of origin set {name:?}, separated by commas, such as {variable}=\"https://app.example.com\""
                );
            }
            Source::EnvValue(variable, value) => {
                write!(f, "{variable}={value:?} (origin set {name:?})")?
            }
            Source::Env(variable) => write!(f, "{variable} (origin set {name:?})")?,
            Source::Value(value) => write!(f, "origin set {name:?} = {value:?}")?,
        }
        match &self.reason {
            Reason::Missing => Ok(()),
            Reason::Name(written) => write!(
                f,
                " has a name no `origins_from` can write (letters, digits, `_` and `-`); name it {written:?}, and write `origins_from = {written:?}` on its routes",
            ),
            Reason::Empty => match &self.source {
                Source::Value(_) => f.write_str(
                    " lists no origin; give at least one, such as [\"https://app.example.com\"]",
                ),
                _ => f.write_str(
                    " lists no origin; list origins separated by commas, such as \"https://app.example.com\"",
                ),
            },
            Reason::Star => f.write_str(
                " holds \"*\", and a set lists origins; for a route open to every origin write `origins = \"*\"` on the route instead",
            ),
            Reason::Refused(problems) => {
                f.write_str(" is not usable:")?;
                for problem in problems.problems() {
                    write!(f, "\n  {}: {}", problem.at, problem.message)?;
                }
                Ok(())
            }
        }
    }
}

/// The message, as `Display` writes it: what a `main` that returns this
/// error with `?` prints (`Error: {error:?}`), alone or inside the
/// `io::Error` it converts into, so that the user reads the variable, the
/// value and the fix, not a dump of fields.
impl fmt::Debug for OriginSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for OriginSetError {}

impl From<OriginSetError> for std::io::Error {
    fn from(error: OriginSetError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
    }
}
