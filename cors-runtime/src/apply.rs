//! Applying a policy to a request in a service: ask about the origin with
//! the request (awaiting an async origin function when only it can tell),
//! decide, then answer the request or forward it with what its response
//! still needs.

use std::rc::Rc;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpRequest, HttpResponse};

use crate::decision::{decide_head, Decision};
use crate::events;
use crate::future::{CorsFuture, Decoration};
use crate::origin_fn::OriginCheck;
use crate::policy::Policy;
use crate::policy_ref::PolicyRef;
use crate::request::Head;
use crate::response::{preflight_allowed, preflight_refused, write_refused};
use crate::set_events::{Looked, SetReports};
use crate::verdict::{OriginAnswer, RequestVerdict};

/// Whether a layer answers preflights or only decorates responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    AnswerPreflights,
    /// The route's decorator: a preflight never reaches it answered, so
    /// every request is decided as an actual request.
    DecorateOnly,
}

/// What a layer does with a request after reading its head: apply an
/// outcome now, or first await the async origin function (knowing
/// whether the policy's origin set is missing).
pub(crate) enum Step {
    Decided(Outcome),
    Ask(OriginCheck, bool),
}

/// Decides a request under `policy` from its head, read once by the
/// caller, asking about the origin with the request; a missing origin
/// set is reported through the layer's `reports`.
pub(crate) fn step(
    policy: &PolicyRef,
    mode: Mode,
    head: Head<'_>,
    req: &HttpRequest,
    reports: &SetReports,
) -> Step {
    let policy = policy.get();
    match policy.request_verdict(head.origin, req) {
        RequestVerdict::Known(answer) => {
            if let OriginAnswer::SetMissing(name) = answer {
                reports.set_missing(policy, name, req, Looked::Request);
            }
            Step::Decided(outcome(policy, mode, head, answer, req))
        }
        RequestVerdict::Ask(check, missing_set) => {
            if let Some(name) = missing_set {
                reports.set_missing(policy, name, req, Looked::Request);
            }
            Step::Ask(check, missing_set.is_some())
        }
    }
}

/// Carries out a [`Step`]: answers the request or forwards it.
pub(crate) fn run<S, B>(
    service: &Rc<S>,
    policy: &PolicyRef,
    mode: Mode,
    req: ServiceRequest,
    step: Step,
) -> CorsFuture<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    let (check, set_missing) = match step {
        Step::Decided(outcome) => return finish(&**service, policy, req, outcome),
        Step::Ask(check, set_missing) => (check, set_missing),
    };
    let service = Rc::clone(service);
    let policy = policy.clone();
    CorsFuture::checking(Box::pin(async move {
        let allowed = check.await;
        // The head is read again after the await: it borrows the request,
        // which only this future owns.
        let outcome = {
            let policy = policy.get();
            let missing_set = policy.origin_set_name().filter(|_| set_missing);
            let answer = OriginAnswer::of(allowed, missing_set);
            let head = Head::read(req.method(), req.headers());
            outcome(policy, mode, head, answer, req.request())
        };
        finish(&*service, &policy, req, outcome).await
    }))
}

/// What a decided request gets: an answer now, or the inner service's
/// response with the CORS headers for this allowed origin (`None`: the
/// CORS headers an inner layer set removed, `Vary` added where needed).
pub(crate) enum Outcome {
    Answer(HttpResponse),
    Forward(Option<HeaderValue>),
}

/// The outcome of a request whose origin the policy allows or not.
pub(crate) fn outcome<'a>(
    policy: &'a Policy,
    mode: Mode,
    mut head: Head<'a>,
    answer: OriginAnswer<'a>,
    req: &HttpRequest,
) -> Outcome {
    if mode == Mode::DecorateOnly {
        head.preflight = None;
    }
    let missing_set = match answer {
        OriginAnswer::SetMissing(name) => Some(name),
        _ => None,
    };
    let decision = decide_head(policy, &head, answer);
    events::decided(&decision, &head, req, policy, missing_set);
    let allowed_origin = match decision {
        Decision::Preflight(preflight) => {
            let requested = head
                .preflight
                .as_ref()
                .map_or(&[][..], |asked| asked.headers);
            return Outcome::Answer(preflight_allowed(policy, &preflight, requested));
        }
        Decision::PreflightRefused(refusal) => {
            return Outcome::Answer(preflight_refused(&refusal));
        }
        Decision::Actual(origin) => Some(origin.clone()),
        Decision::ActualRefused => None,
        Decision::NotCors => None,
        Decision::WriteRefused(refusal) => {
            return Outcome::Answer(write_refused(&refusal, missing_set));
        }
    };
    Outcome::Forward(allowed_origin)
}

/// Answers `req` or calls the inner service with it.
fn finish<S, B>(
    service: &S,
    policy: &PolicyRef,
    req: ServiceRequest,
    outcome: Outcome,
) -> CorsFuture<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    match outcome {
        Outcome::Answer(response) => CorsFuture::answered(req.into_response(response)),
        Outcome::Forward(allowed_origin) => CorsFuture::forwarded(
            service.call(req),
            Decoration {
                policy: policy.clone(),
                allowed_origin,
            },
        ),
    }
}
