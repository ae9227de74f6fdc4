//! The future of the CORS services: an answer given without calling the
//! inner service, or the inner service's response (or error) with the CORS
//! headers a decision calls for.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{HeaderMap, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{Error, HttpResponse, ResponseError};

use crate::policy_ref::PolicyRef;
use crate::response::decorate_actual;

/// What a forwarded request's response still needs.
#[derive(Debug)]
pub(crate) struct Decoration {
    pub(crate) policy: PolicyRef,
    pub(crate) allowed_origin: Option<HeaderValue>,
}

impl Decoration {
    fn apply(&self, headers: &mut HeaderMap) {
        decorate_actual(self.policy.get(), headers, self.allowed_origin.as_ref());
    }
}

/// An error from an inner service, whose response gets the CORS headers
/// when actix-web renders it, so that the script can read the status.
struct DecoratedError {
    error: Error,
    decoration: Decoration,
}

impl fmt::Debug for DecoratedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.error, f)
    }
}

impl fmt::Display for DecoratedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl ResponseError for DecoratedError {
    fn status_code(&self) -> StatusCode {
        self.error.as_response_error().status_code()
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let mut response = self.error.error_response();
        self.decoration.apply(response.headers_mut());
        response
    }
}

/// The response of an async origin check and what follows it.
type Checked<B> =
    Pin<Box<dyn Future<Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>>>>;

pin_project_lite::pin_project! {
    /// The future of [`CorsService`]: a preflight answer, or the inner
    /// service's response with the CORS headers added.
    pub struct CorsFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        // Answered without calling the inner service.
        Answered { response: Option<ServiceResponse<BoxBody>> },
        // Waiting for the inner service; its response gets the decoration,
        // if any (a layer that steps aside forwards with none).
        Forwarded {
            #[pin]
            future: F,
            decoration: Option<Decoration>,
        },
        // Waiting for an async origin check, then for the rest.
        Checking { future: Checked<B> },
    }
}

impl<F, B> CorsFuture<F, B> {
    pub(crate) fn answered(response: ServiceResponse<BoxBody>) -> Self {
        CorsFuture {
            state: State::Answered {
                response: Some(response),
            },
        }
    }

    pub(crate) fn forwarded(future: F, decoration: Decoration) -> Self {
        CorsFuture {
            state: State::Forwarded {
                future,
                decoration: Some(decoration),
            },
        }
    }

    /// The inner service's response, untouched.
    pub(crate) fn passed(future: F) -> Self {
        CorsFuture {
            state: State::Forwarded {
                future,
                decoration: None,
            },
        }
    }

    /// An async origin check and what follows it.
    pub(crate) fn checking(future: Checked<B>) -> Self {
        CorsFuture {
            state: State::Checking { future },
        }
    }
}

impl<F, B> Future for CorsFuture<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody + 'static,
{
    type Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Answered { response } => Poll::Ready(match response.take() {
                Some(response) => Ok(response.map_into_right_body()),
                None => Err(actix_web::error::ErrorInternalServerError(
                    "CORS response polled after completion",
                )),
            }),
            StateProj::Forwarded { future, decoration } => {
                let result = std::task::ready!(future.poll(cx));
                // An error from an inner service is rendered by actix-web
                // later; wrapping it adds the CORS headers to that response.
                Poll::Ready(match (result, decoration.take()) {
                    (Ok(mut response), Some(decoration)) => {
                        decoration.apply(response.headers_mut());
                        Ok(response.map_into_left_body())
                    }
                    (Ok(response), None) => Ok(response.map_into_left_body()),
                    (Err(error), Some(decoration)) => {
                        Err(Error::from(DecoratedError { error, decoration }))
                    }
                    (Err(error), None) => Err(error),
                })
            }
            StateProj::Checking { future } => future.as_mut().poll(cx),
        }
    }
}
