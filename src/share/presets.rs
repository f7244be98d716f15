//! The presets gallery, and the "what to notice" of the preset playing now.
//!
//! The gallery sits at the bottom of the page; opening a preset brings the stage into view (at
//! once under reduced motion) and plays the preset at its own pace after a short lead-in
//! ([`open_preset`]), with its "what to notice" just above the stage.

use lab_core::share::PresetId;
use leptos::prelude::*;

use super::url::{open_preset, preset_link};
use super::use_share;
use crate::i18n::use_i18n;
use crate::moment::use_moment;
use crate::state::use_lab;

/// Scrolls the stage (`#stage`) into view, its bottom at the viewport's bottom so that what is
/// above it (the preset's notice, the controls) shows as far as it fits.
fn bring_stage_into_view(reduced_motion: bool) {
    let Some(stage) = document().get_element_by_id("stage") else { return };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::End);
    options.set_behavior(if reduced_motion {
        web_sys::ScrollBehavior::Instant
    } else {
        web_sys::ScrollBehavior::Smooth
    });
    stage.scroll_into_view_with_scroll_into_view_options(&options);
}

/// The preset the lab is playing, if its scenario is one.
fn use_active() -> Memo<Option<PresetId>> {
    let lab = use_lab();
    Memo::new(move |_| lab.scenario.with(PresetId::matching))
}

#[component]
pub fn Presets() -> impl IntoView {
    let lab = use_lab();
    let i18n = use_i18n();
    let share = use_share();
    let active = use_active();
    let reduced_motion = use_moment().reduced_motion;
    // What the card of the preset on the stage says: playing, paused, or ended (click to replay).
    let state = move || {
        i18n.t(|t| {
            if lab.clock.ended() {
                t.presets.ended
            } else if lab.clock.playing.get() {
                t.presets.playing
            } else {
                t.presets.paused
            }
        })
    };
    view! {
        <section class="presets" data-testid="presets" aria-labelledby="presets-heading">
            <h2 id="presets-heading">{move || i18n.t(|t| t.presets.heading)}</h2>
            <p class="intro">{move || i18n.t(|t| t.presets.intro)}</p>
            <ol class="preset-list">
                {PresetId::ALL
                    .into_iter()
                    .map(|p| {
                        let text = move || i18n.t(|t| (t.presets.text)(p));
                        let is_active = move || active.get() == Some(p);
                        view! {
                            <li>
                                <a
                                    class="preset"
                                    class:active=is_active
                                    data-testid=format!("preset-{}", p.slug())
                                    href=move || preset_link(p, lab, i18n, share)
                                    aria-current=move || is_active().then_some("true")
                                    on:click=move |ev| {
                                        // A plain click opens it in place (Back returns); a modified
                                        // click opens the link as the browser would.
                                        if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0) {
                                            ev.prevent_default();
                                            open_preset(p, lab, i18n, share);
                                            // Once the page shows the preset (its notice above the stage).
                                            let reduced = reduced_motion.get_untracked();
                                            request_animation_frame(move || bring_stage_into_view(reduced));
                                        }
                                    }
                                >
                                    <span class="preset-title">{move || text().title}</span>
                                    {move || is_active().then(|| view! { <span class="badge" data-testid="preset-state">{state}</span> })}
                                    <span class="preset-line">{move || text().notice[0]}</span>
                                    <span class="preset-line">{move || text().notice[1]}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// Above the stage while a preset plays: its title and what to notice.
#[component]
pub fn PresetNotice() -> impl IntoView {
    let i18n = use_i18n();
    let active = use_active();
    move || {
        active.get().map(|p| {
            let text = move || i18n.t(|t| (t.presets.text)(p));
            view! {
                <aside class="preset-notice" data-testid="preset-notice" data-preset=p.slug() aria-labelledby="preset-notice-title">
                    <h2 id="preset-notice-title">
                        <span class="kicker">{move || i18n.t(|t| t.presets.notice_heading)}</span>
                        " "
                        {move || text().title}
                    </h2>
                    <p>{move || text().notice[0]}</p>
                    <p>{move || text().notice[1]}</p>
                </aside>
            }
        })
    }
}
