//! The stage with the panels that explain it: the timeline under it, the inspector (where an event
//! opens, beside the stage), the "why" and the narration beside it, the metrics below. The layout sits above both: the panels read the
//! shared moment ([`crate::moment`]), never the stage.

use leptos::prelude::*;

use crate::inspector::Inspector;
use crate::metrics_panel::MetricsPanel;
use crate::narration::Narration;
use crate::stage::Stage;
use crate::state::use_lab;
use crate::timeline::Timeline;
use crate::why::Why;

#[component]
pub fn Workbench() -> impl IntoView {
    let lab = use_lab();
    crate::lab_hooks::install(lab);
    view! {
        <div class="workbench">
            <div class="wb-main">
                <Stage />
                <Timeline />
            </div>
            <aside class="wb-side">
                <Inspector />
                <Why />
                <Narration />
            </aside>
            <div class="wb-wide">
                <MetricsPanel />
            </div>
        </div>
    }
}
