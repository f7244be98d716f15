//! Draws a [`Scene`] on the token canvas: one path per look (colour), so that thousands of
//! tokens cost a handful of fills. Reads the scene and the layout, writes pixels; decides nothing.

use std::f64::consts::{FRAC_PI_2, TAU};
use std::fmt::Write;

use lab_core::moment::Lane;
use web_sys::CanvasRenderingContext2d as Ctx;

use super::layout::{Grid, Layout, Rect};
use crate::moment::scene::{ease, At, Look, Scene, Spot, ENDING_LANES};

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

/// The canvas's colours that are not a token's: the page's own, read from its CSS custom properties
/// (`style/main.css`), so the stage follows the light or dark scheme the page is in. Read before
/// the first frame and again when the scheme changes ([`Palette::read`]).
#[derive(Default)]
pub struct Palette {
    /// Text and outlines (`--ink`): the highlight rings, the stacks' outlines and counts.
    ink: String,
    /// The lanes' background (`--lane`): the halo behind labels, the stacks' cards.
    halo: String,
    /// An empty concurrency slot (`--slot-line`).
    slot_line: String,
    /// The `202` label (`--ok-ink`: the success hue, dark enough for text).
    accepted: String,
    /// The `429` label (`--fail-ink`).
    throttled: String,
}

impl Palette {
    /// The colours `el` inherits from the page's style sheet.
    pub fn read(el: &web_sys::Element) -> Palette {
        let style = web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten());
        let get = |name: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        Palette {
            ink: get("--ink"),
            halo: get("--lane"),
            slot_line: get("--slot-line"),
            accepted: get("--ok-ink"),
            throttled: get("--fail-ink"),
        }
    }
}

const RADIUS: f64 = 4.5;
/// Most tokens drawn on their way between lanes in one frame. Past this a token on its way is
/// drawn where it counts, in the lane it is leaving (on that lane's counted stack), so that a
/// frame's drawing never grows with the events in flight.
pub const MOVING_MAX: usize = 400;
/// The `202 Accepted` pulse grows from a token's size by this much.
const PULSE_GROWTH: f64 = 9.0;

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
        // The browser's `Math`: Rust's own `sin`/`cos` bring libm's argument reduction (2.7 KB gzip).
        let (cos, sin) = (js_sys::Math::cos, js_sys::Math::sin);
        let (x0, y0) = (x + r * cos(a0), y + r * sin(a0));
        let (x1, y1) = (x + r * cos(a0 + sweep), y + r * sin(a0 + sweep));
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
    pub palette: Palette,
    path: PathText,
    marks: PathText,
    buckets: [Vec<(f64, f64, f64)>; 8],
    rings: Vec<(f64, f64, f64)>,
    /// Stacks: position, count, and where the count goes (left of the stack near a lane's edge).
    stacks: Vec<(f64, f64, u64, bool)>,
    highlights: Vec<(f64, f64, bool)>,
    pub hits: Vec<Hit>,
    /// Every glyph that stands for tokens, with how many (1, or a stack's count): what the page's
    /// hooks tally per lane.
    placed: Vec<(f64, f64, u64)>,
    /// The lanes' boxes of the last measure.
    lanes: Vec<(Lane, Rect)>,
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
        self.stacks.clear();
        self.highlights.clear();
        self.hits.clear();
        self.placed.clear();
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
                    self.placed.push((x, y, total - u64::from(rank)));
                } else {
                    self.buckets[look_index(look)].push((x, y, RADIUS));
                    self.placed.push((x, y, 1));
                }
                self.hits.push(Hit { x, y, what: HitWhat::Resting(*lane, rank) });
            }
        }

        // Tokens on the move or in flight.
        let (queued, waiting) = (u64::from(scene.queued), u64::from(scene.waiting));
        // The tokens the scene counted rather than placed stand on their lane's stack.
        let mut stacked_queue = scene.unlisted.queue;
        let mut stacked_retry = scene.unlisted.retry;
        let mut stacked_slots = scene.unlisted.function;
        let slot_r = (layout.slots.cell * 0.36).clamp(2.0, RADIUS * 1.6);
        let mut moving = 0usize;
        for tok in &scene.tokens {
            let at = match tok.at {
                At::Moving { from, .. } if moving >= MOVING_MAX => {
                    match from {
                        Spot::Queue(_) => stacked_queue += 1,
                        Spot::Retry(_) => stacked_retry += 1,
                        Spot::Slot(_) => stacked_slots += 1,
                        // A source's number counts what it sent, not who stands there.
                        Spot::Source(_) | Spot::Ending(..) => {}
                    }
                    continue;
                }
                At::Moving { .. } => {
                    moving += 1;
                    tok.at
                }
                still => still,
            };
            let (x, y, r) = match at {
                At::Still(spot) => {
                    if layout.is_stack(spot, queued, waiting) {
                        match spot {
                            Spot::Queue(_) => stacked_queue += 1,
                            Spot::Retry(_) => stacked_retry += 1,
                            _ => stacked_slots += 1,
                        }
                        continue;
                    }
                    let (x, y) = layout.pos(spot);
                    (x, y, if matches!(spot, Spot::Slot(_)) { slot_r } else { RADIUS })
                }
                At::Moving { from, to, x } => {
                    let (px, py) = layout.route(from, to).at(f64::from(ease(x)));
                    (px, py, RADIUS)
                }
            };
            self.buckets[look_index(tok.look)].push((x, y, r));
            self.placed.push((x, y, 1));
            if let Some(p) = tok.ring {
                self.rings.push((x, y, f64::from(p)));
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
        let (sx, sy) = layout.pos(Spot::Slot(None));
        for stack in [
            stack_at(&layout.queue, stacked_queue),
            stack_at(&layout.retry, stacked_retry),
            (sx, sy, stacked_slots, near_right(&layout.slots, sx)),
        ] {
            if stack.2 > 0 {
                self.stacks.push(stack);
                self.placed.push((stack.0, stack.1, stack.2));
            }
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
        self.rings(ctx);
        self.labels(ctx, layout, scene);
        self.fanout(ctx, layout, scene);
        for &(x, y, n, left) in &self.stacks {
            hash.add(n as i64);
            draw_stack(ctx, &self.palette, x, y, n, left);
        }
        for &(x, y, selected) in &self.highlights {
            ctx.begin_path();
            ctx.set_line_width(if selected { 2.5 } else { 1.5 });
            ctx.set_stroke_style_str(&self.palette.ink);
            let _ = ctx.arc(x, y, RADIUS + 4.0, 0.0, TAU);
            ctx.stroke();
        }
        self.highlighted = self.highlights.len() as u32;
        self.hash = hash.0;
    }

    /// How many tokens the last frame drew in each lane's box (a stack counts as many as it says;
    /// a token between two lanes counts in neither).
    pub fn drawn_per_lane(&self) -> Vec<(Lane, u64)> {
        let mut out: Vec<(Lane, u64)> = self.lanes.iter().map(|(l, _)| (*l, 0)).collect();
        for &(x, y, n) in &self.placed {
            if let Some(k) = self.lanes.iter().position(|(_, r)| r.contains((x, y))) {
                out[k].1 += n;
            }
        }
        out
    }

    /// The parts that move only with the layout (the concurrency slots), on the layer beneath
    /// the tokens: drawn when the stage is measured, not every frame.
    pub fn paint_static(&mut self, ctx: &Ctx, layout: &Layout, dpr: f64) {
        self.lanes.clone_from(&layout.lanes);
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
        self.path.draw(ctx, &self.palette.slot_line, Some(1.0));
    }

    /// The 202 handshake lights up while events cross it or its answers pulse.
    fn gate(&self, ctx: &Ctx, layout: &Layout, scene: &Scene) {
        let crossing = scene.tokens.iter().filter(|t| t.at.leaving_source()).count()
            + scene.accepted.iter().filter(|(_, p)| p.is_some()).count();
        if crossing == 0 || layout.gate.w == 0.0 {
            return;
        }
        let g = layout.gate;
        ctx.set_global_alpha((0.2 + 0.08 * crossing as f64).min(0.45));
        ctx.set_fill_style_str(colour(Look::Succeeded));
        ctx.fill_rect(g.x, g.y, g.w, g.h);
        ctx.set_global_alpha(1.0);
    }

    /// A retry wait's remaining share, as a clock hand sweeping away.
    fn rings(&mut self, ctx: &Ctx) {
        if self.rings.is_empty() {
            return;
        }
        self.path.clear();
        for &(x, y, p) in &self.rings {
            self.path.arc(x, y, RADIUS + 3.0, -FRAC_PI_2 + TAU * p, -FRAC_PI_2 + TAU);
        }
        self.path.draw(ctx, colour(Look::Retry), Some(2.0));
    }

    /// Each source's newest `202` as a pulse where its tokens cross the gate (labelled where the
    /// gate stands beside the sources); one `429` at the function's door for the tokens bouncing
    /// back from it. One label each, never a row of them.
    fn labels(&mut self, ctx: &Ctx, layout: &Layout, scene: &Scene) {
        let pulsing = scene.accepted.iter().any(|(_, p)| p.is_some());
        if !pulsing && scene.bouncing == 0 {
            return;
        }
        ctx.set_font("700 10px system-ui, sans-serif");
        ctx.set_text_align("center");
        for (service, p) in scene.accepted.iter() {
            let Some(p) = p else { continue };
            let (x, y) = layout.gate_point(service);
            let p = f64::from(*p);
            // Under reduced motion (no glides) the pulse stands still for as long as it lasts.
            let grow = if scene.glide == 0 { 0.5 } else { p };
            ctx.set_global_alpha(1.0 - 0.7 * p);
            ctx.begin_path();
            ctx.set_line_width(2.0);
            ctx.set_stroke_style_str(colour(Look::Succeeded));
            let _ = ctx.arc(x, y, RADIUS + PULSE_GROWTH * grow, 0.0, TAU);
            ctx.stroke();
            ctx.set_global_alpha(1.0);
            // A gate laid across the stage (a narrow page) says "202 Accepted" along its length,
            // where a pulse's own label would print over it (or past the stage's edge).
            if !layout.gate_across() {
                halo_text(ctx, &self.palette.halo, "202", x, y - RADIUS - PULSE_GROWTH - 3.0, &self.palette.accepted);
            }
        }
        if scene.bouncing > 0 {
            let (qx, qy) = layout.queue.pos(0);
            let label = if scene.bouncing == 1 { "429".to_string() } else { format!("429 ×{}", scene.bouncing) };
            ctx.set_text_align("right");
            halo_text(ctx, &self.palette.halo, &label, qx + RADIUS, qy - RADIUS - 3.0, &self.palette.throttled);
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

/// Text with a halo of the lane's background, so that it reads over tokens passing by.
fn halo_text(ctx: &Ctx, halo: &str, text: &str, x: f64, y: f64, ink: &str) {
    ctx.set_line_width(3.0);
    ctx.set_stroke_style_str(halo);
    let _ = ctx.stroke_text(text, x, y);
    ctx.set_fill_style_str(ink);
    let _ = ctx.fill_text(text, x, y);
}

/// Whether a stack's count would run past the right edge of its grid.
fn near_right(g: &Grid, x: f64) -> bool {
    x + 44.0 > g.area.x + g.area.w
}

/// A stack of `n` tokens: a pile with its count, on its right (or left, at a lane's edge).
fn draw_stack(ctx: &Ctx, palette: &Palette, x: f64, y: f64, n: u64, left: bool) {
    ctx.set_fill_style_str(&palette.halo);
    ctx.set_stroke_style_str(&palette.ink);
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
    halo_text(ctx, &palette.halo, &label, tx, y + 4.0, &palette.ink);
}
