//! Draws a [`Scene`] on the token canvas: one path per look (colour), so that thousands of
//! tokens cost a handful of fills. Reads the scene and the layout, writes pixels; decides nothing.

use std::f64::consts::{FRAC_PI_2, TAU};
use std::fmt::Write;

use lab_core::moment::Lane;
use web_sys::CanvasRenderingContext2d as Ctx;

use super::layout::{Grid, Layout};
use crate::moment::scene::{Look, Scene, Spot, ENDING_LANES};

/// Okabe–Ito colours (safe for the common colour-vision deficiencies), one per look.
pub fn colour(look: Look) -> &'static str {
    match look {
        Look::Queued | Look::Throttled => "#e69f00",
        Look::Running => "#0072b2",
        Look::Duplicate => "#56b4e9",
        Look::Retry => "#cc79a7",
        Look::Succeeded => "#009e73",
        Look::Failed => "#d55e00",
        Look::Lost => "#6b7280",
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

/// An SVG path in tenths of a pixel, built in wasm and handed to the canvas in one call: a few
/// thousand tokens cost one `Path2D` per look instead of several canvas calls each.
#[derive(Default)]
struct PathText(String);

/// Path coordinates are tenths of a pixel (whole numbers format fast and parse fast).
const PATH_SCALE: f64 = 10.0;

impl PathText {
    fn clear(&mut self) {
        self.0.clear();
    }
    fn num(&mut self, v: f64) {
        let _ = write!(self.0, "{} ", (v * PATH_SCALE).round() as i64);
    }
    fn m(&mut self, x: f64, y: f64) {
        self.0.push('M');
        self.num(x);
        self.num(y);
    }
    fn l(&mut self, x: f64, y: f64) {
        self.0.push('L');
        self.num(x);
        self.num(y);
    }
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.m(x, y);
        self.0.push('h');
        self.num(w);
        self.0.push('v');
        self.num(h);
        self.0.push('h');
        self.num(-w);
        self.0.push('z');
    }
    /// An arc of radius `r` around (x, y) from angle `a0` to `a1` (clockwise, radians).
    fn arc(&mut self, x: f64, y: f64, r: f64, a0: f64, a1: f64) {
        let sweep = (a1 - a0).clamp(0.0, TAU - 1e-3);
        let (x0, y0) = (x + r * a0.cos(), y + r * a0.sin());
        let (x1, y1) = (x + r * (a0 + sweep).cos(), y + r * (a0 + sweep).sin());
        self.m(x0, y0);
        self.0.push('A');
        self.num(r);
        self.num(r);
        let _ = write!(self.0, "0 {} 1 ", u8::from(sweep > std::f64::consts::PI));
        self.num(x1);
        self.num(y1);
    }
    fn circle(&mut self, x: f64, y: f64, r: f64) {
        self.m(x - r, y);
        self.0.push('a');
        self.num(r);
        self.num(r);
        self.0.push_str("0 1 0 ");
        self.num(2.0 * r);
        self.0.push_str("0 a");
        self.num(r);
        self.num(r);
        self.0.push_str("0 1 0 ");
        self.num(-2.0 * r);
        self.0.push_str("0 z");
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Fills (or strokes, `line` px wide) the path in `colour`.
    fn draw(&self, ctx: &Ctx, colour: &str, line: Option<f64>) {
        if self.is_empty() {
            return;
        }
        let Ok(path) = web_sys::Path2d::new_with_path_string(&self.0) else { return };
        ctx.save();
        ctx.scale(1.0 / PATH_SCALE, 1.0 / PATH_SCALE).ok();
        match line {
            Some(w) => {
                ctx.set_line_width(w * PATH_SCALE);
                ctx.set_stroke_style_str(colour);
                ctx.stroke_with_path(&path);
            }
            None => {
                ctx.set_fill_style_str(colour);
                ctx.fill_with_path_2d(&path);
            }
        }
        ctx.restore();
    }
}

/// Reusable buffers: a frame allocates nothing once warm.
#[derive(Default)]
pub struct Painter {
    path: PathText,
    marks: PathText,
    buckets: [Vec<(f64, f64, f64)>; 8],
    rings: Vec<(f64, f64, f64)>,
    throttle_labels: Vec<(f64, f64)>,
    accepted_labels: Vec<(f64, f64)>,
    /// Stacks: position, count, and where the count goes (left of the stack near a lane's edge).
    stacks: Vec<(f64, f64, u64, bool)>,
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    pub hovered: Option<u32>,
    pub selected: Option<u32>,
    /// The same events once at rest in an ending lane: (lane, rank there, selected?).
    pub resting: Vec<(Lane, u32, bool)>,
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
        self.gate(ctx, layout, scene);

        // Tokens at rest in the ending lanes: a grid, then a counted stack.
        for (k, lane) in ENDING_LANES.iter().enumerate() {
            let grid = &layout.endings[k];
            let total = scene.resting[k];
            let shown = total.min(u64::from(grid.capacity())) as u32;
            let look = Look::of_ending(*lane);
            for rank in 0..shown {
                let (x, y) = grid.pos(rank);
                let stacked = grid.overflows(rank, total);
                for &(l, r, selected) in &marks.resting {
                    if l == *lane && (r == rank || (stacked && u64::from(r) < total && r >= rank)) {
                        self.highlights.push((x, y, selected));
                    }
                }
                if stacked {
                    self.stacks.push((x, y, total - u64::from(rank), near_right(grid, x)));
                } else {
                    self.buckets[look_index(look)].push((x, y, RADIUS));
                }
                self.hits.push(Hit { x, y, what: HitWhat::Resting(*lane, rank) });
            }
        }

        // Tokens on the move or in flight.
        let queued = scene.counts.queue;
        let waiting = scene.counts.retry;
        let mut stacked_queue = 0u64;
        let mut stacked_retry = 0u64;
        let mut stacked_slots = 0u64;
        let slot_r = (layout.slots.cell * 0.36).clamp(2.0, RADIUS * 1.6);
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
            if tok.bounce.is_some() {
                add_label(&mut self.throttle_labels, (x, y));
            }
            if tok.at.leaving_source() {
                add_label(&mut self.accepted_labels, (layout.gate.centre().0, y));
            }
            if Some(tok.event) == marks.hovered || Some(tok.event) == marks.selected {
                self.highlights.push((x, y, Some(tok.event) == marks.selected));
            }
            self.hits.push(Hit { x, y, what: HitWhat::Event(tok.event) });
        }
        let stack_at = |g: &Grid, n: u64| {
            let (x, y) = g.pos(g.capacity() - 1);
            (x, y, n, near_right(g, x))
        };
        if stacked_queue > 0 {
            self.stacks.push(stack_at(&layout.queue, stacked_queue));
        }
        if stacked_retry > 0 {
            self.stacks.push(stack_at(&layout.retry, stacked_retry));
        }
        if stacked_slots > 0 {
            let (x, y) = layout.pos(Spot::Slot(None));
            self.stacks.push((x, y, stacked_slots, near_right(&layout.slots, x)));
        }

        self.drawn = 0;
        for (i, look) in Look::ALL.iter().enumerate() {
            self.drawn += self.buckets[i].len() as u32;
            for &(x, y, _) in &self.buckets[i] {
                hash.add(i as i64);
                hash.add((x * 4.0).round() as i64);
                hash.add((y * 4.0).round() as i64);
            }
            fill_bucket(ctx, &mut self.path, &mut self.marks, *look, &self.buckets[i]);
        }
        self.rings_and_labels(ctx);
        self.fanout(ctx, layout, scene);
        for &(x, y, n, left) in &self.stacks {
            hash.add(n as i64);
            draw_stack(ctx, x, y, n, left);
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

    /// The parts that move only with the layout (the concurrency slots), on the layer beneath
    /// the tokens: drawn when the stage is measured, not every frame.
    pub fn paint_static(&mut self, ctx: &Ctx, layout: &Layout, dpr: f64) {
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, layout.width, layout.height);
        let g = &layout.slots;
        self.path.clear();
        let inset = (g.cell * 0.12).max(1.0);
        let half = g.cell / 2.0 - inset;
        for k in 0..layout.slots_drawn {
            let (x, y) = g.pos(k);
            self.path.rect(x - half, y - half, half * 2.0, half * 2.0);
        }
        self.path.draw(ctx, SLOT_LINE, Some(1.0));
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

    fn rings_and_labels(&mut self, ctx: &Ctx) {
        if !self.rings.is_empty() {
            // The wait's remaining share, as a clock hand sweeping away.
            let mut path = PathText::default();
            for &(x, y, p) in &self.rings {
                path.arc(x, y, RADIUS + 3.0, -FRAC_PI_2 + TAU * p, -FRAC_PI_2 + TAU);
            }
            path.draw(ctx, colour(Look::Retry), Some(2.0));
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
        let mut path = PathText::default();
        for &p in &scene.fanout {
            for sub in &layout.subscribers {
                let (sx, sy) = sub.centre();
                let p = f64::from(p);
                path.circle(tx + (sx - tx) * p, ty + (sy - ty) * p, 3.0);
            }
        }
        path.draw(ctx, colour(Look::Failed), None);
    }
}

/// One path, one fill, for every token of a look; then the marks inside the shapes, so that the
/// state reads without colour.
fn fill_bucket(ctx: &Ctx, path: &mut PathText, marks: &mut PathText, look: Look, pts: &[(f64, f64, f64)]) {
    if pts.is_empty() {
        return;
    }
    path.clear();
    marks.clear();
    for &(x, y, r) in pts {
        match look {
            Look::Queued => path.rect(x - r, y - r, 2.0 * r, 2.0 * r),
            Look::Failed => {
                path.rect(x - r, y - r, 2.0 * r, 2.0 * r);
                let d = r * 0.5;
                marks.m(x - d, y - d);
                marks.l(x + d, y + d);
                marks.m(x + d, y - d);
                marks.l(x - d, y + d);
            }
            Look::Throttled => {
                path.m(x, y - r * 1.2);
                path.l(x + r * 1.15, y + r);
                path.l(x - r * 1.15, y + r);
                path.0.push('z');
            }
            Look::Retry => {
                let d = r * 1.3;
                path.m(x, y - d);
                path.l(x + d, y);
                path.l(x, y + d);
                path.l(x - d, y);
                path.0.push('z');
            }
            Look::Running | Look::Duplicate => path.circle(x, y, r),
            Look::Succeeded => {
                path.circle(x, y, r);
                marks.m(x - r * 0.5, y);
                marks.l(x - r * 0.1, y + r * 0.45);
                marks.l(x + r * 0.55, y - r * 0.4);
            }
            Look::Lost => {
                path.m(x - r, y - r);
                path.l(x + r, y + r);
                path.m(x + r, y - r);
                path.l(x - r, y + r);
            }
        }
    }
    let line = matches!(look, Look::Duplicate | Look::Lost).then_some(2.0);
    path.draw(ctx, colour(look), line);
    marks.draw(ctx, "#ffffff", Some(1.4));
}

/// Adds a label unless one already stands there (a burst shows a few, not a smear of text).
fn add_label(labels: &mut Vec<(f64, f64)>, at: (f64, f64)) {
    if labels.len() < LABELS_MAX && labels.iter().all(|l| (l.0 - at.0).abs() > 22.0 || (l.1 - at.1).abs() > 11.0) {
        labels.push(at);
    }
}

/// Whether a stack's count would run past the right edge of its grid.
fn near_right(g: &Grid, x: f64) -> bool {
    x + 44.0 > g.area.x + g.area.w
}

/// A stack of `n` tokens: a pile with its count, on its right (or left, at a lane's edge).
fn draw_stack(ctx: &Ctx, x: f64, y: f64, n: u64, left: bool) {
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
    let label = format!("+{n}");
    let (tx, align) = if left { (x - 8.0, "right") } else { (x + 8.0, "left") };
    ctx.set_text_align(align);
    // A halo, so that the count reads over tokens passing by.
    ctx.set_line_width(3.0);
    ctx.set_stroke_style_str("#ffffff");
    let _ = ctx.stroke_text(&label, tx, y + 4.0);
    ctx.set_fill_style_str(INK);
    let _ = ctx.fill_text(&label, tx, y + 4.0);
}
