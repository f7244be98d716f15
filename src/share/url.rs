//! The address bar as the lab's memory: read once at start, kept in step as settings change,
//! and followed on Back/Forward.

use lab_core::share::course::Progress;
use lab_core::share::{decode, encode_with_view, BadKey, Decoded, Key, PresetId, Problem, View};
use lab_core::Scenario;
use leptos::prelude::*;

use super::browser::{location_base, location_search, push_query, replace_query};
use super::{Notice, Origin, Share};
use crate::clock::Speed;
use crate::i18n::{I18n, Lang};
use crate::state::{page_default_scenario, Lab};

/// The most events the page plays at once. The page keeps every event's story (to scrub and
/// rewind), so a tab's memory ends not far past this: a link with 16 sources of a million events is
/// valid in the format but would crash the page. `simulate` runs the format's whole range.
pub const BROWSER_MAX_EVENTS: u64 = 1_000_000;

/// The problem with a scenario too big for the page (`key` names its sources), if it is.
pub fn too_big(s: &Scenario, key: &str) -> Option<BadKey> {
    let total = s.total_events();
    (total > BROWSER_MAX_EVENTS).then(|| BadKey {
        key: key.into(),
        problem: Problem::Invalid {
            found: format!("{total} events"),
            allowed: format!("0 ..= {BROWSER_MAX_EVENTS} events in all (in the browser)"),
        },
    })
}

/// Reads a link: the core's decoding, then the page's own limit (its sources fall back to the
/// defaults when they send more than the page can play).
fn read_link(query: &str) -> Decoded {
    let mut d = decode(query);
    if let Some(bad) = too_big(&d.scenario, Key::SOURCES.name()) {
        d.scenario.sources = Scenario::default().sources;
        d.problems.push(bad);
    }
    d
}

/// What the page was opened with.
pub struct Boot {
    decoded: Decoded,
}

impl Boot {
    /// Reads the page's own link.
    pub fn from_location() -> Self {
        Boot { decoded: read_link(&location_search()) }
    }

    /// For tests: a page opened with `query`.
    pub fn from_query(query: &str) -> Self {
        Boot { decoded: read_link(query) }
    }

    /// The link's scenario (its valid part, the rest defaults), or the page's own start when the
    /// link names no scenario key.
    pub fn scenario(&self) -> Scenario {
        scenario_of(&self.decoded)
    }

    /// The language the link asks for.
    pub fn lang(&self) -> Option<Lang> {
        self.decoded.view.lang.and_then(Lang::from_code)
    }

    /// Whether the link asks for embed mode.
    pub fn embed(&self) -> bool {
        self.decoded.view.embed
    }

    /// The course's progress, when the link opens the course.
    pub fn course(&self) -> Option<Progress> {
        self.decoded.view.course.clone()
    }

    /// What the banner says about the link, if anything is wrong with it.
    pub fn notice(&self) -> Option<Notice> {
        let problems = &self.decoded.problems;
        (!problems.is_empty()).then(|| Notice { origin: Origin::Link, problems: problems.clone() })
    }
}

fn scenario_of(d: &Decoded) -> Scenario {
    if d.has_scenario {
        d.scenario.clone()
    } else {
        page_default_scenario()
    }
}

/// Starts sharing for the page: provides [`Share`], applies the link's viewing settings and its
/// problems, and keeps the address bar in step with the lab from now on.
pub fn start(boot: Boot, lab: Lab, i18n: I18n) {
    let share = Share::new(boot.embed(), boot.decoded.view.lang.is_some());
    provide_context(share);
    share.compare.set(boot.decoded.view.compare);
    apply_view(&boot.decoded.view, lab, i18n);
    share.course.set(boot.course());
    share.notice.set(boot.notice());
    // Replace, not push: a change of setting is not a place to go Back to.
    Effect::new(move |prev: Option<String>| {
        let q = live_query(lab, i18n, share);
        if prev.is_some_and(|p| p != q) {
            replace_query(&q);
        }
        q
    });
    let handle = window_event_listener(leptos::ev::popstate, move |_| follow_location(lab, i18n, share));
    on_cleanup(move || handle.remove());
}

fn apply_view(v: &View, lab: Lab, i18n: I18n) {
    if let Some(lang) = v.lang.and_then(Lang::from_code) {
        i18n.lang.set(lang);
    }
    if let Some(speed) = v.speed {
        lab.clock.speed.set(speed);
    }
    match v.at_ms {
        // A link to a moment opens there, paused: the reader sees what the sender saw.
        Some(t) => lab.clock.step_to(t),
        None => {
            lab.clock.seek(0);
            lab.clock.playing.set(true);
        }
    }
}

/// Back/Forward: the page becomes what the entry's link says.
fn follow_location(lab: Lab, i18n: I18n, share: Share) {
    let d = read_link(&location_search());
    let s = scenario_of(&d);
    if lab.scenario.with_untracked(|now| *now != s) {
        lab.scenario.set(s);
    }
    if d.view.lang.is_some() {
        share.lang_chosen.set(true);
    }
    share.compare.set(d.view.compare);
    apply_view(&d.view, lab, i18n);
    share.course.set(d.view.course.clone());
    share.notice.set((!d.problems.is_empty()).then_some(Notice { origin: Origin::Link, problems: d.problems }));
}

/// The viewing settings a link carries: the language if it was chosen, the speed if it is not
/// the default, and embed mode when asked.
fn link_view(lab: Lab, i18n: I18n, share: Share, embed: bool) -> View {
    let speed = lab.clock.speed.get();
    View {
        lang: share.lang_chosen.get().then(|| i18n.lang.get().code()),
        speed: (speed != Speed::DEFAULT).then_some(speed),
        at_ms: None,
        embed,
        course: share.course.get(),
        compare: share.compare.get(),
    }
}

/// What the address bar shows while the lab plays (no moment: it changes every frame).
fn live_query(lab: Lab, i18n: I18n, share: Share) -> String {
    lab.scenario.with(|s| encode_with_view(s, &link_view(lab, i18n, share, share.embed)))
}

/// The link "Copy link" gives: the full view of this scenario, and, when the clock is paused, the
/// moment shown.
pub fn share_link(lab: Lab, i18n: I18n, share: Share) -> String {
    let mut view = link_view(lab, i18n, share, false);
    if !lab.clock.playing.get_untracked() {
        view.at_ms = Some(lab.clock.now.get_untracked());
    }
    let q = lab.scenario.with_untracked(|s| encode_with_view(s, &view));
    format!("{}?{q}", location_base())
}

/// The full view of the scenario playing now (for the embed's "Open full view").
pub fn full_view_link(lab: Lab, i18n: I18n, share: Share) -> String {
    let q = lab.scenario.with(|s| encode_with_view(s, &link_view(lab, i18n, share, false)));
    format!("{}?{q}", location_base())
}

/// The `<iframe>` snippet for this scenario.
pub fn embed_code(lab: Lab, i18n: I18n, share: Share) -> String {
    let q = lab.scenario.with_untracked(|s| encode_with_view(s, &link_view(lab, i18n, share, true)));
    let src = format!("{}?{q}", location_base()).replace('&', "&amp;");
    let title = i18n.lang.get_untracked().texts().app.title;
    format!(
        r#"<iframe src="{src}" title="{title}" width="640" height="400" sandbox="allow-scripts allow-popups" loading="lazy" style="border:0;max-width:100%"></iframe>"#
    )
}

/// The link of a preset, with this page's viewing settings and the preset's own pace.
pub fn preset_link(p: PresetId, lab: Lab, i18n: I18n, share: Share) -> String {
    let mut view = link_view(lab, i18n, share, share.embed);
    view.speed = (p.speed() != Speed::DEFAULT).then_some(p.speed());
    format!("?{}", encode_with_view(&p.scenario(), &view))
}

/// A preset opened from the gallery starts after this long (real milliseconds): the time it
/// takes the page to bring the stage into view, and the reader's eyes to follow.
pub const PRESET_LEAD_IN_MS: u64 = 800;

/// Opens a preset: a new history entry (Back returns), at the preset's pace, the run from its
/// start after a short lead-in.
pub fn open_preset(p: PresetId, lab: Lab, i18n: I18n, share: Share) {
    let link = preset_link(p, lab, i18n, share);
    push_query(link.trim_start_matches('?'));
    lab.scenario.set(p.scenario());
    lab.clock.speed.set(p.speed());
    lab.clock.step_to(0);
    share.notice.set(None);
    set_timeout(
        move || {
            // Unless the reader got there first (pressed play, moved the clock, opened another).
            let untouched = lab.clock.now.get_untracked() == 0 && !lab.clock.playing.get_untracked();
            if untouched && lab.scenario.with_untracked(PresetId::matching) == Some(p) {
                lab.clock.playing.set(true);
            }
        },
        std::time::Duration::from_millis(PRESET_LEAD_IN_MS),
    );
}

/// Loads a scenario the user brought (an import): the run from its start.
pub fn load(s: Scenario, lab: Lab, share: Share) {
    lab.scenario.set(s);
    lab.clock.seek(0);
    lab.clock.playing.set(true);
    share.notice.set(None);
}
