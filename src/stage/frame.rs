//! The canvas's frame loop: whenever the scene, the marked events or the layout change, paint the
//! token layer (and, after a new measure, the slot layer beneath it), label the canvas with what it
//! shows (`data-scene`, for the tests) and record the frame for the page's hooks. Measuring forces
//! a layout, so it happens only when the stage or one of its token areas resized. The last frame
//! drawn also answers which token is under the pointer.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d as Ctx2d;

use super::canvas::{HitWhat, Marks, Painter, Palette};
use super::layout::{drawn_slots, Layout};
use super::resting::resting_marks;
use crate::lab_hooks;
use crate::media;
use crate::moment::MomentView;
use crate::state::Lab;

/// A measured layout and what it was measured for: (layout version, slots drawn, dark scheme).
type Measured = (Layout, (u32, u32, bool));

/// The stage's elements the frame loop reads and paints: the grid of lanes, the token canvas and
/// the slot canvas under it.
#[derive(Clone, Copy)]
pub(super) struct Surfaces {
    pub root: NodeRef<leptos::html::Div>,
    pub canvas: NodeRef<leptos::html::Canvas>,
    pub under: NodeRef<leptos::html::Canvas>,
}

/// Paints each frame with `painter`. A change of `layout_version` asks for a new measure;
/// `slots_shown` receives how many concurrency slots the measured layout draws.
pub(super) fn paint_frames(
    lab: Lab,
    view: MomentView,
    surfaces: Surfaces,
    painter: Rc<RefCell<Painter>>,
    layout_version: RwSignal<u32>,
    slots_shown: RwSignal<u32>,
) {
    let Surfaces { root, canvas: canvas_ref, under: static_ref } = surfaces;
    // Where the hovered and selected events rest once they have ended (asked when they change).
    let resting_marks = resting_marks(lab, view);
    // The measured layout and what it was measured for (layout version, slots to draw).
    let measured: Rc<RefCell<Option<Measured>>> = Rc::new(RefCell::new(None));
    // The 2D contexts of the token layer and of the static layer beneath it.
    let ctx_cache: Rc<RefCell<Option<(Ctx2d, Ctx2d)>>> = Rc::new(RefCell::new(None));
    // The canvas takes its colours from the page's style sheet, so a change of scheme is a new
    // measure: the colours are read again and the slots repainted.
    let dark = media::preference(media::DARK);
    Effect::new(move |_| {
        let scene = view.scene.get();
        let version = layout_version.get();
        let dark = dark.get();
        let marks = Marks {
            hovered: view.hovered.get(),
            selected: view.selected_pos.get().map(|p| p as u32),
            resting: resting_marks.get(),
        };
        let used = view.index.with(|i| i.slots_used());
        let slots = lab.scenario.with(|s| drawn_slots(s, used));
        let (Some(root), Some(canvas), Some(under)) = (root.get(), canvas_ref.get(), static_ref.get()) else {
            return;
        };
        let started = lab_hooks::now_ms();
        let dpr = window().device_pixel_ratio().max(1.0);
        let mut ctx = ctx_cache.borrow_mut();
        if ctx.is_none() {
            let get = |c: &web_sys::HtmlCanvasElement| {
                c.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<Ctx2d>().ok())
            };
            *ctx = get(&canvas).zip(get(&under));
        }
        let Some((ctx, ctx_under)) = ctx.as_ref() else { return };
        let mut p = painter.borrow_mut();
        let mut m = measured.borrow_mut();
        if m.as_ref().is_none_or(|(_, key)| *key != (version, slots, dark)) {
            let l = Layout::measure(&root, &canvas, slots);
            p.palette = Palette::read(&canvas);
            for c in [&canvas, &under] {
                c.set_width((l.width * dpr).round() as u32);
                c.set_height((l.height * dpr).round() as u32);
            }
            slots_shown.set(l.slots_drawn);
            p.paint_static(ctx_under, &l, dpr);
            *m = Some((l, (version, slots, dark)));
        }
        let Some((layout, _)) = m.as_ref() else { return };
        p.paint(ctx, layout, &scene, marks, dpr);
        let c = &scene.counts;
        let _ = canvas.set_attribute(
            "data-scene",
            &format!(
                "t={};glide={};rest={};tokens={};drawn={};slots={};pulses={};queue={};function={};retry={};throttled={};fanout={};hl={};hash={:08x}",
                scene.t,
                scene.glide,
                u8::from(scene.at_rest),
                scene.tokens.len(),
                p.drawn,
                layout.slots_drawn,
                scene.accepted.iter().filter(|(_, p)| p.is_some()).count(),
                c.queue,
                c.function,
                c.retry,
                scene.throttled,
                scene.fanout.len(),
                p.highlighted,
                p.hash
            ),
        );
        lab_hooks::record_frame(lab_hooks::now_ms() - started, scene.in_flight, p.drawn);
    });
}

/// The token drawn last frame nearest the pointer, within 9 pixels.
pub(super) fn token_under(
    painter: &RefCell<Painter>,
    canvas_ref: NodeRef<leptos::html::Canvas>,
    ev: &web_sys::MouseEvent,
) -> Option<HitWhat> {
    let canvas = canvas_ref.get_untracked()?;
    let r = canvas.get_bounding_client_rect();
    let (x, y) = (f64::from(ev.client_x()) - r.left(), f64::from(ev.client_y()) - r.top());
    let p = painter.borrow();
    p.hits
        .iter()
        .map(|h| (((h.x - x).powi(2) + (h.y - y).powi(2)), h.what))
        .filter(|(d2, _)| *d2 <= 81.0)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, w)| w)
}

/// Measures again whenever the stage or one of its token areas changes size.
pub(super) fn observe_resizes(root: NodeRef<leptos::html::Div>, version: RwSignal<u32>) {
    let callback = Closure::<dyn FnMut()>::new(move || version.update(|v| *v += 1));
    let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) else { return };
    let keep = send_wrapper::SendWrapper::new((observer.clone(), callback));
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            observer.observe(&el);
            if let Ok(areas) = el.query_selector_all("[data-area]") {
                for i in 0..areas.length() {
                    if let Some(a) = areas.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                        observer.observe(&a);
                    }
                }
            }
        }
    });
    on_cleanup(move || {
        let (observer, _callback) = keep.take();
        observer.disconnect();
    });
}
