//! Draws a [`Scene`] on the token canvas: one path per look (colour), so that thousands of
//! tokens cost a handful of fills. Reads the scene and the layout, writes pixels; decides nothing.

use std::f64::consts::{FRAC_PI_2, TAU};

use lab_core::stage::Lane;
use web_sys::CanvasRenderingContext2d as Ctx;

use super::layout::{Grid, Layout};
use super::scene::{Look, Scene, Spot, ENDING_LANES};

/// Okabe–Ito colours (safe for the common colour-vision deficiencies), one per look.
pub fn colour(look: Look) -> &'static str {
    match look {
        Look::Queued | Look::Throttled => "#e69f00",
        Look::Running => "#0072b2",
        Look::Duplicate => "#56b4e9",
        Look::Retry => "#cc79a7",
        Look::Succeeded => "#009e73",
        Look::Failed => "#d55e00",
        Look::Dropped => "#6b7280",
    }
}

const INK: &str = "#1d232a";
const SLOT_LINE: &str = "#b8c0c8";
const RADIUS: f64 = 4.5;
/// Most "429" and "202" labels drawn in one frame; a burst shows a few, not a blur of text.
const LABELS_MAX: usize = 24;

/// A token drawn last frame, for hovering and clicking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub x: f64,
    pub y: f64,
    pub what: HitWhat,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HitWhat {
    /// A token of this event (its position in the run).
    Event(u32),
    /// The `rank`-th token at rest in an ending lane (the stack, when past the last cell).
    Resting(Lane, u32),
}

/// Reusable buffers: a frame allocates nothing once warm.
#[derive(Default)]
pub struct Painter {
    buckets: [Vec<(f64, f64, f64)>; 8],
    rings: Vec<(f64, f64, f64)>,
    throttle_labels: Vec<(f64, f64)>,
    accepted_labels: Vec<(f64, f64)>,
    stacks: Vec<(f64, f64, u64)>,
    highlights: Vec<(f64, f64, bool)>,
    pub hits: Vec<Hit>,
    /// A fingerprint of every glyph drawn, so a test can tell two pictures apart.
    pub hash: u32,
    pub drawn: u32,
    /// Tokens drawn highlighted (hovered or selected).
    pub highlighted: u32,
}

fn look_index(look: Look) -> usize {
    Look::ALL.iter().position(|l| *l == look).unwrap_or(0)
}

struct Fnv(u32);
impl Fnv {
    fn add(&mut self, v: i64) {
        for b in v.to_le_bytes() {
            self.0 ^= u32::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }
}

/// What the stage wants highlighted.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Marks {
    pub hovered: Option<u32>,
    pub selected: Option<u32>,
}

impl Painter {
    /// Draws `scene` over `layout`. `dpr` is the device pixel ratio of the backing store.
    pub fn paint(&mut self, ctx: &Ctx, layout: &Layout, scene: &Scene, marks: Marks, dpr: f64) {
        for b in &mut self.buckets {
            b.clear();
        }
        self.rings.clear();
        self.throttle_labels.clear();
        self.accepted_labels.clear();
        self.stacks.clear();
        self.highlights.clear();
        self.hits.clear();
        let mut hash = Fnv(0x811c_9dc5);
        hash.add(scene.t as i64);

        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, layout.width, layout.height);
        self.slots(ctx, layout);
        self.gate(ctx, layout, scene);

        // Tokens at rest in the ending lanes: a grid, then a counted stack.
        for (k, lane) in ENDING_LANES.iter().enumerate() {
            let grid = &layout.endings[k];
            let total = scene.resting[k];
            let shown = total.min(u64::from(grid.capacity())) as u32;
            let look = Look::of_ending(*lane);
            for rank in 0..shown {
                let (x, y) = grid.pos(rank);
                if grid.overflows(rank, total) {
                    self.stacks.push((x, y, total - u64::from(rank)));
                    self.hits.push(Hit { x, y, what: HitWhat::Resting(*lane, rank) });
                    continue;
                }
                self.buckets[look_index(look)].push((x, y, RADIUS));
                self.hits.push(Hit { x, y, what: HitWhat::Resting(*lane, rank) });
            }
        }

        // Tokens on the move or in flight.
        let queued = scene.counts.queue;
        let waiting = scene.counts.retry;
        let mut stacked_queue = 0u64;
        let mut stacked_retry = 0u64;
        let mut stacked_slots = 0u64;
        let slot_r = (layout.slots.cell * 0.36).min(RADIUS * 1.6).max(2.0);
        for tok in &scene.tokens {
            let parts = tok.at.parts();
            if let [(spot, _)] = parts {
                if layout.is_stack(*spot, queued, waiting) {
                    match spot {
                        Spot::Queue(_) => stacked_queue += 1,
                        Spot::Retry(_) => stacked_retry += 1,
                        _ => stacked_slots += 1,
                    }
                    continue;
                }
            }
            let (mut x, mut y) = (0.0, 0.0);
            for (spot, w) in parts {
                let (px, py) = layout.pos(*spot);
                x += px * f64::from(*w);
                y += py * f64::from(*w);
            }
            let at_slot = matches!(parts.last(), Some((Spot::Slot(_), w)) if *w >= 0.999);
            let r = if at_slot { slot_r } else { RADIUS };
            self.buckets[look_index(tok.look)].push((x, y, r));
            if let Some(p) = tok.ring {
                self.rings.push((x, y, f64::from(p)));
            }
            if tok.bounce.is_some() && self.throttle_labels.len() < LABELS_MAX {
                self.throttle_labels.push((x, y));
            }
            if tok.at.leaving_source() && self.accepted_labels.len() < LABELS_MAX {
                self.accepted_labels.push((layout.gate.centre().0, y));
            }
            if Some(tok.event) == marks.hovered || Some(tok.event) == marks.selected {
                self.highlights.push((x, y, Some(tok.event) == marks.selected));
            }
            self.hits.push(Hit { x, y, what: HitWhat::Event(tok.event) });
        }
        let stack_at = |g: &Grid, n: u64| {
            let (x, y) = g.pos(g.capacity() - 1);
            (x, y, n)
        };
        if stacked_queue > 0 {
            self.stacks.push(stack_at(&layout.queue, stacked_queue));
        }
        if stacked_retry > 0 {
            self.stacks.push(stack_at(&layout.retry, stacked_retry));
        }
        if stacked_slots > 0 {
            let (x, y) = layout.pos(Spot::Slot(None));
            self.stacks.push((x, y, stacked_slots));
        }

        self.drawn = 0;
        for (i, look) in Look::ALL.iter().enumerate() {
            self.drawn += self.buckets[i].len() as u32;
            for &(x, y, _) in &self.buckets[i] {
                hash.add(i as i64);
                hash.add((x * 4.0).round() as i64);
                hash.add((y * 4.0).round() as i64);
            }
            fill_bucket(ctx, *look, &self.buckets[i]);
        }
        self.rings_and_labels(ctx);
        self.fanout(ctx, layout, scene);
        for &(x, y, n) in &self.stacks {
            hash.add(n as i64);
            draw_stack(ctx, x, y, n);
        }
        for &(x, y, selected) in &self.highlights {
            ctx.begin_path();
            ctx.set_line_width(if selected { 2.5 } else { 1.5 });
            ctx.set_stroke_style_str(INK);
            let _ = ctx.arc(x, y, RADIUS + 4.0, 0.0, TAU);
            ctx.stroke();
        }
        self.highlighted = self.highlights.len() as u32;
        self.hash = hash.0;
    }

    fn slots(&self, ctx: &Ctx, layout: &Layout) {
        let g = &layout.slots;
        if layout.slots_drawn == 0 {
            return;
        }
        ctx.begin_path();
        let inset = (g.cell * 0.12).max(1.0);
        for k in 0..layout.slots_drawn {
            let (x, y) = g.pos(k);
            let half = g.cell / 2.0 - inset;
            ctx.rect(x - half, y - half, half * 2.0, half * 2.0);
        }
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str(SLOT_LINE);
        ctx.stroke();
    }

    /// The 202 handshake lights up while events cross it.
    fn gate(&self, ctx: &Ctx, layout: &Layout, scene: &Scene) {
        let crossing = scene.tokens.iter().filter(|t| t.at.leaving_source()).count();
        if crossing == 0 || layout.gate.w == 0.0 {
            return;
        }
        let g = layout.gate;
        ctx.set_global_alpha((0.25 + 0.1 * crossing as f64).min(0.6));
        ctx.set_fill_style_str(colour(Look::Succeeded));
        ctx.fill_rect(g.x, g.y, g.w, g.h);
        ctx.set_global_alpha(1.0);
    }

    fn rings_and_labels(&self, ctx: &Ctx) {
        if !self.rings.is_empty() {
            // The wait's remaining share, as a clock hand sweeping away.
            ctx.begin_path();
            for &(x, y, p) in &self.rings {
                let start = -FRAC_PI_2 + TAU * p;
                ctx.move_to(x + (RADIUS + 3.0) * start.cos(), y + (RADIUS + 3.0) * start.sin());
                let _ = ctx.arc(x, y, RADIUS + 3.0, start, -FRAC_PI_2 + TAU);
            }
            ctx.set_line_width(2.0);
            ctx.set_stroke_style_str(colour(Look::Retry));
            ctx.stroke();
        }
        if self.throttle_labels.is_empty() && self.accepted_labels.is_empty() {
            return;
        }
        ctx.set_font("700 10px system-ui, sans-serif");
        ctx.set_text_align("center");
        ctx.set_fill_style_str(colour(Look::Failed));
        for &(x, y) in &self.throttle_labels {
            let _ = ctx.fill_text("429", x, y - 8.0);
        }
        ctx.set_fill_style_str(colour(Look::Succeeded));
        for &(x, y) in &self.accepted_labels {
            let _ = ctx.fill_text("202", x, y - 8.0);
        }
    }

    /// Messages that reached the SNS DLQ fan out to each subscriber.
    fn fanout(&self, ctx: &Ctx, layout: &Layout, scene: &Scene) {
        if scene.fanout.is_empty() || layout.topic.w == 0.0 {
            return;
        }
        let (tx, ty) = layout.topic.centre();
        ctx.begin_path();
        for &p in &scene.fanout {
            for sub in &layout.subscribers {
                let (sx, sy) = sub.centre();
                let p = f64::from(p);
                let (x, y) = (tx + (sx - tx) * p, ty + (sy - ty) * p);
                ctx.move_to(x + 3.0, y);
                let _ = ctx.arc(x, y, 3.0, 0.0, TAU);
            }
        }
        ctx.set_fill_style_str(colour(Look::Failed));
        ctx.fill();
    }
}

/// One path, one fill, for every token of a look.
fn fill_bucket(ctx: &Ctx, look: Look, pts: &[(f64, f64, f64)]) {
    if pts.is_empty() {
        return;
    }
    ctx.begin_path();
    for &(x, y, r) in pts {
        match look {
            Look::Queued | Look::Failed => ctx.rect(x - r, y - r, 2.0 * r, 2.0 * r),
            Look::Throttled => {
                ctx.move_to(x, y - r * 1.2);
                ctx.line_to(x + r * 1.15, y + r);
                ctx.line_to(x - r * 1.15, y + r);
                ctx.close_path();
            }
            Look::Retry => {
                let d = r * 1.3;
                ctx.move_to(x, y - d);
                ctx.line_to(x + d, y);
                ctx.line_to(x, y + d);
                ctx.line_to(x - d, y);
                ctx.close_path();
            }
            Look::Running | Look::Succeeded | Look::Duplicate => {
                ctx.move_to(x + r, y);
                let _ = ctx.arc(x, y, r, 0.0, TAU);
            }
            Look::Dropped => {
                ctx.move_to(x - r, y - r);
                ctx.line_to(x + r, y + r);
                ctx.move_to(x + r, y - r);
                ctx.line_to(x - r, y + r);
            }
        }
    }
    match look {
        Look::Duplicate => {
            ctx.set_line_width(2.0);
            ctx.set_stroke_style_str(colour(look));
            ctx.stroke();
        }
        Look::Dropped => {
            ctx.set_line_width(2.0);
            ctx.set_stroke_style_str(colour(look));
            ctx.stroke();
        }
        _ => {
            ctx.set_fill_style_str(colour(look));
            ctx.fill();
        }
    }
    // Marks inside the shape, so the state reads without colour.
    match look {
        Look::Succeeded => {
            ctx.begin_path();
            for &(x, y, r) in pts {
                ctx.move_to(x - r * 0.5, y);
                ctx.line_to(x - r * 0.1, y + r * 0.45);
                ctx.line_to(x + r * 0.55, y - r * 0.4);
            }
            ctx.set_line_width(1.4);
            ctx.set_stroke_style_str("#ffffff");
            ctx.stroke();
        }
        Look::Failed => {
            ctx.begin_path();
            for &(x, y, r) in pts {
                let d = r * 0.5;
                ctx.move_to(x - d, y - d);
                ctx.line_to(x + d, y + d);
                ctx.move_to(x + d, y - d);
                ctx.line_to(x - d, y + d);
            }
            ctx.set_line_width(1.4);
            ctx.set_stroke_style_str("#ffffff");
            ctx.stroke();
        }
        _ => {}
    }
}

/// A stack of `n` tokens: a pile with its count.
fn draw_stack(ctx: &Ctx, x: f64, y: f64, n: u64) {
    ctx.set_fill_style_str("#ffffff");
    ctx.set_stroke_style_str(INK);
    ctx.set_line_width(1.0);
    for k in (0..3).rev() {
        let o = f64::from(k) * 2.0;
        ctx.begin_path();
        ctx.rect(x - 5.0 + o, y - 5.0 - o, 10.0, 10.0);
        ctx.fill();
        ctx.stroke();
    }
    ctx.set_font("700 10px system-ui, sans-serif");
    ctx.set_text_align("left");
    ctx.set_fill_style_str(INK);
    let _ = ctx.fill_text(&format!("+{n}"), x + 8.0, y + 4.0);
}
