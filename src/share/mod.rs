//! Sharing, on the page: the scenario lives in the URL, travels as a link, an embed, a JSON file or
//! a preset, and is shown as the AWS configuration that sets it.
//!
//! The format of all of it is the core's (`lab_core::share`, `lab_core::Scenario`): this module only
//! talks to the browser. [`Boot`] reads the link once at start; [`start`] keeps the address bar in
//! step (a replaced entry per change, a new entry per preset opened, Back/Forward between them). A
//! bad link or a bad file becomes a [`Notice`] in the [`ErrorBanner`] while the lab goes on with the
//! valid part.
//!
//! Nothing here needs storage, cookies or the top-level window, and every browser call that a
//! sandboxed `<iframe>` may refuse (history, clipboard, downloads) degrades instead of failing.

mod banner;
mod bar;
pub(crate) mod browser;
mod code;
mod embed;
mod io;
mod lang;
mod presets;
mod url;

pub use banner::ErrorBanner;
pub use bar::ShareBar;
pub use browser::{copy_to_clipboard, select_contents};
pub use embed::Embedded;
pub use lang::LangSwitch;
pub use presets::{PresetNotice, Presets};
pub use url::{start, Boot};

use lab_core::share::course::Progress;
use lab_core::share::BadKey;
use leptos::prelude::*;

/// Where the problems the banner shows came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The link the page was opened with (or moved to with Back/Forward).
    Link,
    /// A JSON file the user imported; nothing was changed.
    Import,
}

/// What the error banner says.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub origin: Origin,
    pub problems: Vec<BadKey>,
}

/// The panel the share bar has open.
#[derive(Clone, Debug, PartialEq)]
pub enum Panel {
    /// A copied link or embed code, shown as well (selected, when the clipboard refused).
    Copied {
        what: Copied,
        text: String,
        ok: Option<bool>,
    },
    Export,
    Import,
    Code,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Copied {
    Link,
    Embed,
}

/// The sharing state of the page, provided as context.
#[derive(Clone, Copy)]
pub struct Share {
    pub notice: RwSignal<Option<Notice>>,
    pub panel: RwSignal<Option<Panel>>,
    /// `?embed=1`: only the stage and the essential controls.
    pub embed: bool,
    /// The language was chosen (by the link or the switch), not guessed from the browser: only a
    /// chosen language goes into links.
    pub lang_chosen: RwSignal<bool>,
    /// `?course=1`: the course is open, with the learner's progress (kept in the link).
    pub course: RwSignal<Option<Progress>>,
    /// `?compare=1`: the compare view is open (a viewing setting, kept in the link).
    pub compare: RwSignal<bool>,
}

impl Share {
    pub fn new(embed: bool, lang_chosen: bool) -> Self {
        Share {
            notice: RwSignal::new(None),
            panel: RwSignal::new(None),
            embed,
            lang_chosen: RwSignal::new(lang_chosen),
            course: RwSignal::new(None),
            compare: RwSignal::new(false),
        }
    }
}

/// The page's [`Share`]; a page mounted without [`start`] (as the component tests do) gets a
/// detached one that touches no URL.
pub fn use_share() -> Share {
    use_context::<Share>().unwrap_or_else(|| {
        let share = Share::new(false, false);
        provide_context(share);
        share
    })
}
