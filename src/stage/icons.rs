//! The stage's pictures, as inline SVG (no external assets, nothing to fetch). Simple shapes in
//! the spirit of the AWS architecture icons, not copies of them. The sources' icons are data in
//! their service definitions ([`source_icon`]); the rest are here: a queue, a function, a timer,
//! the endings, and the subscribers of a topic.
//!
//! Icons are decorative (`aria-hidden`): every lane says in words what it is.

use lab_core::scenario::Service;
use leptos::prelude::*;

/// A 32×32 icon frame.
#[component]
fn Frame(class: &'static str, children: Children) -> impl IntoView {
    view! {
        <svg class=format!("icon {class}") viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
            {children()}
        </svg>
    }
}

/// An SQS queue: messages in a row inside a pipe.
#[component]
pub fn SqsIcon() -> impl IntoView {
    view! {
        <Frame class="icon-sqs">
            <rect x="1" y="1" width="30" height="30" rx="6" fill="#b0084d" />
            <rect x="5" y="11" width="22" height="10" rx="2" fill="none" stroke="#fff" stroke-width="1.6" />
            <rect x="8" y="13.5" width="4" height="5" fill="#fff" />
            <rect x="14" y="13.5" width="4" height="5" fill="#fff" />
            <rect x="20" y="13.5" width="4" height="5" fill="#fff" />
        </Frame>
    }
}

/// A Lambda function: the λ.
#[component]
pub fn LambdaIcon() -> impl IntoView {
    view! {
        <Frame class="icon-lambda">
            <rect x="1" y="1" width="30" height="30" rx="6" fill="#d45b07" />
            <path d="M9 25 L15 13 L12 7 H15 L22.5 25 H20 L15.5 15.5 L11.5 25 Z" fill="#fff" />
        </Frame>
    }
}

/// An internal queue: stacked slots (drawn differently from SQS: it is Lambda's own, hidden queue).
#[component]
pub fn QueueIcon() -> impl IntoView {
    view! {
        <Frame class="icon-queue">
            <rect x="1" y="1" width="30" height="30" rx="6" fill="#5b6570" />
            <rect x="7" y="7" width="18" height="4" rx="1" fill="#fff" />
            <rect x="7" y="14" width="18" height="4" rx="1" fill="#fff" />
            <rect x="7" y="21" width="18" height="4" rx="1" fill="#fff" opacity="0.6" />
        </Frame>
    }
}

/// A stopwatch, for the retry waits.
#[component]
pub fn TimerIcon() -> impl IntoView {
    view! {
        <Frame class="icon-timer">
            <rect x="1" y="1" width="30" height="30" rx="6" fill="#8e4f7b" />
            <circle cx="16" cy="17.5" r="8" fill="none" stroke="#fff" stroke-width="1.8" />
            <path d="M16 17.5 V12.5 M13.5 6.5 H18.5" stroke="#fff" stroke-width="1.8" stroke-linecap="round" />
        </Frame>
    }
}

/// The bin, for lost events.
#[component]
pub fn DropIcon() -> impl IntoView {
    view! {
        <Frame class="icon-drop">
            <rect x="1" y="1" width="30" height="30" rx="6" fill="#6b7280" />
            <path d="M10 11 H22 L20.5 25 H11.5 Z M8.5 11 H23.5 M13.5 8 H18.5" fill="none" stroke="#fff" stroke-width="1.7" stroke-linejoin="round" />
        </Frame>
    }
}

/// A tick in a circle, for success.
#[component]
pub fn SuccessIcon() -> impl IntoView {
    view! {
        <Frame class="icon-success">
            <rect x="1" y="1" width="30" height="30" rx="6" fill="#00805c" />
            <path d="M9 16.5 L14 21.5 L23 11" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" />
        </Frame>
    }
}

/// An arrow into a target, for destinations.
#[component]
pub fn DestinationIcon() -> impl IntoView {
    view! {
        <Frame class="icon-destination">
            <rect x="1" y="1" width="30" height="30" rx="6" fill="#3b5b92" />
            <circle cx="19" cy="16" r="7" fill="none" stroke="#fff" stroke-width="1.6" />
            <circle cx="19" cy="16" r="2.5" fill="#fff" />
            <path d="M5 16 H15 M11.5 12.5 L15 16 L11.5 19.5" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" />
        </Frame>
    }
}

/// Small subscriber glyphs of an SNS topic: e-mail, an SQS queue, an HTTPS endpoint.
#[component]
pub fn SubscriberIcon(kind: usize) -> impl IntoView {
    let body = match kind {
        0 => view! {
            <rect x="5" y="8" width="22" height="16" rx="2" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M6 9.5 L16 17 L26 9.5" fill="none" stroke="currentColor" stroke-width="2" />
        }
        .into_any(),
        1 => view! {
            <rect x="4" y="10" width="24" height="12" rx="2" fill="none" stroke="currentColor" stroke-width="2" />
            <rect x="8" y="13" width="4" height="6" fill="currentColor" />
            <rect x="14" y="13" width="4" height="6" fill="currentColor" />
            <rect x="20" y="13" width="4" height="6" fill="currentColor" />
        }
        .into_any(),
        _ => view! {
            <circle cx="16" cy="16" r="10" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M6 16 H26 M16 6 Q10 16 16 26 M16 6 Q22 16 16 26" fill="none" stroke="currentColor" stroke-width="1.6" />
        }
        .into_any(),
    };
    view! {
        <svg class="icon sub-icon" viewBox="0 0 32 32" width="18" height="18" aria-hidden="true" focusable="false">
            {body}
        </svg>
    }
}

/// The icon of a source, drawn from its definition's data (`ServiceDef::icon`): a rounded square in
/// the service's colour with white lines and shapes.
pub fn source_icon(s: Service) -> AnyView {
    let icon = s.def().icon;
    view! {
        <svg class=format!("icon icon-{}", s.name()) viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
            <rect x="1" y="1" width="30" height="30" rx="6" fill=icon.background />
            <path d=icon.stroke fill="none" stroke="#fff" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round" />
            <path d=icon.fill fill="#fff" />
        </svg>
    }
    .into_any()
}
