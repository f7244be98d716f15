//! Lambda Async Lab, the page: draws what the simulation core (`lab_core`) reports.
//!
//! Components read signals and draw; every AWS rule lives in the core. The only moving part here
//! is the clock bridge ([`clock`]): real time × speed → AWS time → the core's pure
//! `moment::place_at(run, t)` → what is drawn.

pub mod app;
pub mod clock;
pub mod compare;
pub mod controls;
pub mod course;
pub mod crash;
#[cfg(feature = "heap-count")]
pub mod heap_count;
pub mod i18n;
pub mod inspector;
pub mod lab_hooks;
pub mod media;
pub mod metrics_panel;
pub mod moment;
pub mod narration;
pub mod rows;
pub mod share;
pub mod stage;
pub mod state;
pub mod timeline;
pub mod why;
pub mod workbench;

pub use app::App;

#[cfg(feature = "heap-count")]
#[global_allocator]
static HEAP: heap_count::Counting = heap_count::Counting;

/// Mounts the app on the page's body, a panic showing the crash panel ([`crash`]).
pub fn start() {
    crash::install();
    leptos::mount::mount_to_body(App);
}
