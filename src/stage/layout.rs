//! Where the lanes are on screen, measured from the DOM, how spots map to pixels inside them, and
//! which way a token goes from one lane to another.
//!
//! The lanes are ordinary DOM boxes (so that counts, names and countdowns stay readable by people
//! and tests); each has a token area marked `data-area`. The canvas above them asks this module
//! where a spot is. Measuring forces a layout, so it happens only when something resized.
//!
//! The stage has four columns of lanes: the sources, the queue, the function above the retry wait,
//! and the endings. A token moving between columns keeps to the corridors between them (the 202
//! gate, the gaps between columns, and the gap between the function and the retry wait), so that it
//! never crosses a lane it is not in: a success does not fly through the retry wait ([`Route`]).
//! On a narrow page (style/stage.css, up to 760 px) the sources stand in a band across the top with
//! the gate under them ([`Layout::gate_across`]); the other three columns keep their places.

use lab_core::moment::Lane;
use lab_core::scenario::{Scenario, Service};
use lab_core::service::PerService;
use lab_core::throttle::Concurrency;
use wasm_bindgen::JsCast;

use super::lanes::{lane_test_id, stage_lanes};
use crate::moment::scene::{Spot, ENDING_LANES};

/// A box in canvas (CSS pixel) coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Whether the point is inside (edges included); an unmeasured box holds nothing.
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        self.w > 0.0 && x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
}

/// Cells in a box, filled row by row; the last cell doubles as the overflow stack.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Grid {
    pub area: Rect,
    pub cols: u32,
    pub rows: u32,
    pub cell: f64,
    /// Fill from the right (the queue's front is next to the function).
    pub from_right: bool,
}

impl Grid {
    pub fn new(area: Rect, cell: f64, from_right: bool) -> Grid {
        let cols = ((area.w / cell).floor() as u32).max(1);
        let rows = ((area.h / cell).floor() as u32).max(1);
        Grid { area, cols, rows, cell, from_right }
    }

    /// A grid of at least `n` cells (if they fit at `min_cell`), as large as the box allows.
    pub fn for_count(area: Rect, n: u32, min_cell: f64, max_cell: f64) -> Grid {
        let n = n.max(1) as f64;
        let mut cell = (area.w * area.h / n).sqrt().clamp(min_cell, max_cell);
        // Shrink until n cells fit in whole rows and columns.
        while cell > min_cell {
            let g = Grid::new(area, cell, false);
            if f64::from(g.capacity()) >= n {
                break;
            }
            cell = (cell - 0.5).max(min_cell);
        }
        Grid::new(area, cell, false)
    }

    pub fn capacity(&self) -> u32 {
        self.cols * self.rows
    }

    /// Centre of cell `rank`; ranks past the last cell stand on it (the stack).
    pub fn pos(&self, rank: u32) -> (f64, f64) {
        let r = rank.min(self.capacity() - 1);
        let (col, row) = (r % self.cols, r / self.cols);
        let col = if self.from_right { self.cols - 1 - col } else { col };
        let x0 = self.area.x + (self.area.w - self.cell * f64::from(self.cols)) / 2.0;
        let y0 = self.area.y;
        (x0 + self.cell * (f64::from(col) + 0.5), y0 + self.cell * (f64::from(row) + 0.5))
    }

    /// Whether `rank` stands on the overflow stack when `total` tokens share the grid.
    pub fn overflows(&self, rank: u32, total: u64) -> bool {
        total > u64::from(self.capacity()) && rank + 1 >= self.capacity()
    }
}

/// Cell size of the queue, retry and ending areas (CSS px).
pub const CELL: f64 = 12.0;
/// Function slots shrink to this before the drawn slots are capped.
const SLOT_MIN_CELL: f64 = 6.0;
const SLOT_MAX_CELL: f64 = 34.0;
/// Without reserved concurrency the function draws the slots the run uses at its busiest and
/// this many more, so that a free slot is always in sight.
pub const SPARE_SLOTS: u32 = 3;

/// How many concurrency slots the function lane draws: all of a reserved concurrency (those that
/// fit); of the account pool, the run's peak and a few spare (the pool's 1000 would be an empty
/// grid that dwarfs the stage).
pub fn drawn_slots(s: &Scenario, used: u16) -> u32 {
    let limit = Concurrency::of(s.function.reserved_concurrency).limit;
    match s.function.reserved_concurrency {
        Some(n) => n,
        None => (u32::from(used) + SPARE_SLOTS).min(limit),
    }
}

/// The measured stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub sources: PerService<Rect>,
    pub gate: Rect,
    pub queue: Grid,
    pub slots: Grid,
    /// Slots drawn (the rest of the concurrency stands on the last cell's stack).
    pub slots_drawn: u32,
    pub retry: Grid,
    pub endings: [Grid; 6],
    /// The SNS DLQ's topic and its subscribers, for the fan-out.
    pub topic: Rect,
    pub subscribers: [Rect; 3],
    /// Each lane's box, in [`stage_lanes`] order.
    pub lanes: Vec<(Lane, Rect)>,
    /// The x of the corridor after each column but the last: the 202 gate, then the gaps.
    corridors: [f64; COLUMNS - 1],
    /// The y of the corridor across the middle column, between the function and the retry wait.
    crossing: f64,
}

/// Columns of lanes: the sources, the queue, the function over the retry wait, the endings.
const COLUMNS: usize = 4;

/// The column a lane stands in.
fn column(lane: Lane) -> usize {
    match lane {
        Lane::Source(_) => 0,
        Lane::Queue => 1,
        Lane::Function | Lane::Retry => 2,
        _ => 3,
    }
}

/// The lane a spot is in.
fn lane_of(spot: Spot) -> Lane {
    match spot {
        Spot::Source(s) => Lane::Source(s),
        Spot::Queue(_) => Lane::Queue,
        Spot::Slot(_) => Lane::Function,
        Spot::Retry(_) => Lane::Retry,
        Spot::Ending(lane, _) => lane,
    }
}

/// A token's way from one spot to another: a few straight legs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Route {
    points: [(f64, f64); 10],
    len: usize,
}

impl Route {
    fn new(start: (f64, f64)) -> Route {
        Route { points: [start; 10], len: 1 }
    }

    fn to(&mut self, p: (f64, f64)) {
        debug_assert!(self.len < self.points.len(), "a route longer than its {} points", self.points.len());
        if self.len < self.points.len() {
            self.points[self.len] = p;
            self.len += 1;
        }
    }

    fn last(&self) -> (f64, f64) {
        self.points[self.len - 1]
    }

    pub fn points(&self) -> &[(f64, f64)] {
        &self.points[..self.len]
    }

    /// The point a share `e` of the way along (by length).
    pub fn at(&self, e: f64) -> (f64, f64) {
        let legs = self.points().windows(2);
        let total: f64 = legs.clone().map(|w| dist(w[0], w[1])).sum();
        let mut left = e.clamp(0.0, 1.0) * total;
        for w in legs {
            let d = dist(w[0], w[1]);
            if left <= d && d > 0.0 {
                let k = left / d;
                return (w[0].0 + (w[1].0 - w[0].0) * k, w[0].1 + (w[1].1 - w[0].1) * k);
            }
            left -= d;
        }
        self.last()
    }
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    (b.0 - a.0).hypot(b.1 - a.1)
}

fn rect_of(root: &web_sys::Element, origin: &web_sys::DomRect, selector: &str) -> Rect {
    root.query_selector(selector)
        .ok()
        .flatten()
        .map(|el| {
            let r = el.get_bounding_client_rect();
            Rect { x: r.left() - origin.left(), y: r.top() - origin.top(), w: r.width(), h: r.height() }
        })
        .unwrap_or_default()
}

impl Layout {
    /// Measures the lanes under `root` relative to `canvas`.
    pub fn measure(root: &web_sys::Element, canvas: &web_sys::Element, slots: u32) -> Layout {
        let origin = canvas.get_bounding_client_rect();
        let area = |name: &str| rect_of(root, &origin, &format!("[data-area=\"{name}\"]"));
        let sources = PerService::from_fn(|s| area(&lane_test_id(Lane::Source(s))));
        let function = area("function");
        let slots_grid = Grid::for_count(function, slots, SLOT_MIN_CELL, SLOT_MAX_CELL);
        // When not every slot fits, the last cell is the stack of the rest.
        let cap = slots_grid.capacity();
        let slots_drawn = if slots <= cap { slots } else { cap - 1 };
        let endings = ENDING_LANES.map(|lane| Grid::new(area(&lane_test_id(lane)), CELL, false));
        let subscribers = [0, 1, 2].map(|i| rect_of(root, &origin, &format!("[data-area=\"subscriber-{i}\"]")));
        let lanes: Vec<(Lane, Rect)> = stage_lanes()
            .map(|lane| (lane, rect_of(root, &origin, &format!("[data-lane=\"{}\"]", lane_test_id(lane)))))
            .collect();
        let gate = area("gate");
        let (corridors, crossing) = corridors(&lanes, gate);
        Layout {
            width: origin.width(),
            height: origin.height(),
            sources,
            gate,
            queue: Grid::new(area("queue"), CELL, true),
            slots: slots_grid,
            slots_drawn,
            retry: Grid::new(area("retry"), CELL + 10.0, false),
            endings,
            topic: area("topic"),
            subscribers,
            lanes,
            corridors,
            crossing,
        }
    }

    /// The lane whose box holds the point, if any (a token between lanes is in none).
    pub fn lane_at(&self, (x, y): (f64, f64)) -> Option<Lane> {
        self.lanes.iter().find(|(_, r)| r.contains((x, y))).map(|(l, _)| *l)
    }

    /// The way from `from` to `to`: out of the lane it leaves along the corridors between the
    /// columns, into the lane it enters. From a source, through the 202 gate and the queue's front,
    /// as every event goes (an event the poller takes at once still passes through the queue).
    pub fn route(&self, from: Spot, to: Spot) -> Route {
        let (a, b) = (self.pos(from), self.pos(to));
        let mut r = Route::new(a);
        let target = column(lane_of(to));
        let mut col = column(lane_of(from));
        if let Spot::Source(service) = from {
            let gate = self.gate_point(service);
            // Across the sources' band, out of the source's side and down the gap beside it.
            if self.gate_across() {
                r.to((gate.0, a.1));
            }
            r.to(gate);
            let queue = if target == column(Lane::Queue) { b } else { self.pos(Spot::Queue(0)) };
            // Across the sources' band, the way runs along the gate to above the queue, then down.
            if self.gate_across() {
                r.to((queue.0, gate.1));
            }
            r.to(queue);
            if target == column(Lane::Queue) {
                return r;
            }
            col = column(Lane::Queue);
        }
        while col != target {
            let (gap, next) = if col < target { (col, col + 1) } else { (col - 1, col - 1) };
            let x = self.corridors[gap];
            r.to((x, r.last().1));
            // Along the corridor to where the next column can be entered: the lane itself when
            // it is the last, else the way across the function and the retry wait.
            r.to((x, if next == target { b.1 } else { self.crossing }));
            col = next;
        }
        r.to(b);
        r
    }

    /// Whether the 202 gate lies across the stage, under the sources (a narrow screen puts the
    /// sources in a band above the other columns), rather than down it beside them.
    pub fn gate_across(&self) -> bool {
        self.gate.w > self.gate.h
    }

    /// Where a token leaving `source` crosses the 202 gate: level with the source when the gate
    /// stands beside the sources; when it lies across, under the gap to the source's right (the
    /// band's sources stand in a grid, so that the gap runs down to the gate past no other source).
    pub fn gate_point(&self, source: Service) -> (f64, f64) {
        let from = self.sources[source].centre();
        if !self.gate_across() {
            return (self.corridors[0], from.1);
        }
        let own = self.lane_box(Lane::Source(source));
        let right = own.x + own.w;
        let next = self
            .lanes
            .iter()
            .filter(|(l, b)| matches!(l, Lane::Source(_)) && b.w > 0.0 && b.x >= right)
            .filter(|(_, b)| b.y < own.y + own.h && own.y < b.y + b.h)
            .fold(self.width, |x, (_, b)| x.min(b.x));
        ((right + next) / 2.0, self.gate.centre().1)
    }

    fn lane_box(&self, lane: Lane) -> Rect {
        self.lanes.iter().find(|(l, _)| *l == lane).map(|(_, b)| *b).unwrap_or_default()
    }

    pub fn ending(&self, lane: Lane) -> Option<&Grid> {
        ENDING_LANES.iter().position(|l| *l == lane).map(|k| &self.endings[k])
    }

    /// Pixel centre of a spot.
    pub fn pos(&self, spot: Spot) -> (f64, f64) {
        match spot {
            Spot::Source(s) => self.sources[s].centre(),
            Spot::Queue(rank) => self.queue.pos(rank),
            // Runs beyond the drawn slots share the cell after them (the stack).
            Spot::Slot(slot) => {
                let k = slot.map(u32::from).filter(|&s| s < self.slots_drawn).unwrap_or(self.slots_drawn);
                self.slots.pos(k)
            }
            Spot::Retry(rank) => self.retry.pos(rank),
            Spot::Ending(lane, rank) => self.ending(lane).map_or((0.0, 0.0), |g| g.pos(rank)),
        }
    }

    /// Whether a spot is a stack that stands for more than one token.
    pub fn is_stack(&self, spot: Spot, queued: u64, waiting: u64) -> bool {
        match spot {
            Spot::Queue(rank) => self.queue.overflows(rank, queued),
            Spot::Retry(rank) => self.retry.overflows(rank, waiting),
            Spot::Slot(slot) => slot.is_none_or(|s| u32::from(s) >= self.slots_drawn),
            _ => false,
        }
    }
}

/// The corridors between the columns (the 202 gate between the sources and the queue, then the
/// middle of each gap) and the way across the middle column.
fn corridors(lanes: &[(Lane, Rect)], gate: Rect) -> ([f64; COLUMNS - 1], f64) {
    let span = |col: usize| {
        lanes
            .iter()
            .filter(|(l, r)| column(*l) == col && r.w > 0.0)
            .fold((f64::MAX, f64::MIN), |(lo, hi), (_, r)| (lo.min(r.x), hi.max(r.x + r.w)))
    };
    let mut xs = [0.0; COLUMNS - 1];
    for (c, x) in xs.iter_mut().enumerate() {
        *x = if c == 0 && gate.w > 0.0 { gate.centre().0 } else { (span(c).1 + span(c + 1).0) / 2.0 };
    }
    let rect = |lane: Lane| lanes.iter().find(|(l, _)| *l == lane).map(|(_, r)| *r).unwrap_or_default();
    let (f, r) = (rect(Lane::Function), rect(Lane::Retry));
    (xs, (f.y + f.h + r.y) / 2.0)
}

/// The canvas element's owner document lookups, typed.
pub fn element(root: &web_sys::Element, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_grid_fills_rows_and_stacks_the_rest_on_its_last_cell() {
        let g = Grid::new(Rect { x: 0.0, y: 0.0, w: 48.0, h: 24.0 }, 12.0, false);
        assert_eq!((g.cols, g.rows, g.capacity()), (4, 2, 8));
        assert_eq!(g.pos(0), (6.0, 6.0));
        assert_eq!(g.pos(5), (18.0, 18.0));
        assert_eq!(g.pos(100), g.pos(7));
        assert!(!g.overflows(7, 8) && g.overflows(7, 9) && !g.overflows(6, 9));
        let q = Grid::new(Rect { x: 0.0, y: 0.0, w: 48.0, h: 24.0 }, 12.0, true);
        assert_eq!(q.pos(0), (42.0, 6.0), "the queue's front is next to the function");
    }

    #[wasm_bindgen_test]
    fn the_function_draws_its_reserved_slots_or_the_runs_peak_and_a_few_spare() {
        let mut s = Scenario::default();
        s.function.reserved_concurrency = Some(5);
        assert_eq!(drawn_slots(&s, 5), 5);
        s.function.reserved_concurrency = None;
        assert_eq!(drawn_slots(&s, 1), 1 + SPARE_SLOTS, "not an empty grid of fifty");
        assert_eq!(drawn_slots(&s, 51), 51 + SPARE_SLOTS);
        assert_eq!(drawn_slots(&s, 1000), 1000);
        let g = Grid::for_count(Rect { x: 0.0, y: 0.0, w: 200.0, h: 300.0 }, 1000, 6.0, 34.0);
        assert!(g.capacity() >= 1000, "1000 slots fit at {} px", g.cell);
    }

    fn r(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    /// Four columns as the stage lays them out: seven sources, the gate, the queue, the function
    /// over the retry wait, six endings.
    fn stage() -> Layout {
        let mut lanes = Vec::new();
        for (k, s) in Service::ALL.into_iter().enumerate() {
            lanes.push((Lane::Source(s), r(0.0, 20.0 + 60.0 * k as f64, 100.0, 54.0)));
        }
        lanes.push((Lane::Queue, r(132.0, 0.0, 120.0, 440.0)));
        lanes.push((Lane::Function, r(258.0, 0.0, 150.0, 200.0)));
        lanes.push((Lane::Retry, r(258.0, 212.0, 150.0, 228.0)));
        for (k, lane) in ENDING_LANES.into_iter().enumerate() {
            lanes.push((lane, r(414.0, 74.0 * k as f64, 140.0, 68.0)));
        }
        measured(lanes, r(106.0, 0.0, 22.0, 440.0))
    }

    /// The stage on a phone (360 px): the sources in a band across the top, two rows of chips; the
    /// gate across under them; then the queue, the function over the retry wait, and the endings.
    fn phone() -> Layout {
        let mut lanes = Vec::new();
        for (k, s) in Service::ALL.into_iter().enumerate() {
            let (col, row) = (k % 4, k / 4);
            lanes.push((Lane::Source(s), r(90.0 * col as f64, 34.0 * row as f64, 84.0, 30.0)));
        }
        lanes.push((Lane::Queue, r(0.0, 94.0, 110.0, 400.0)));
        lanes.push((Lane::Function, r(116.0, 94.0, 120.0, 180.0)));
        lanes.push((Lane::Retry, r(116.0, 286.0, 120.0, 208.0)));
        for (k, lane) in ENDING_LANES.into_iter().enumerate() {
            lanes.push((lane, r(242.0, 94.0 + 67.0 * k as f64, 118.0, 62.0)));
        }
        measured(lanes, r(0.0, 70.0, 360.0, 18.0))
    }

    /// A layout measured from these lane boxes: each token area is the box under a 24 px head.
    fn measured(lanes: Vec<(Lane, Rect)>, gate: Rect) -> Layout {
        let inner = |b: Rect| r(b.x + 4.0, b.y + 24.0, b.w - 8.0, (b.h - 28.0).max(4.0));
        let rect = |lane: Lane| lanes.iter().find(|(l, _)| *l == lane).unwrap().1;
        let (corridors, crossing) = corridors(&lanes, gate);
        let (width, height) =
            lanes.iter().fold((0.0f64, 0.0f64), |(w, h), (_, b)| (w.max(b.x + b.w), h.max(b.y + b.h)));
        Layout {
            width,
            height,
            sources: PerService::from_fn(|s| inner(rect(Lane::Source(s)))),
            gate,
            queue: Grid::new(inner(rect(Lane::Queue)), CELL, true),
            slots: Grid::for_count(inner(rect(Lane::Function)), 4, SLOT_MIN_CELL, SLOT_MAX_CELL),
            slots_drawn: 4,
            retry: Grid::new(inner(rect(Lane::Retry)), CELL + 10.0, false),
            endings: ENDING_LANES.map(|l| Grid::new(inner(rect(l)), CELL, false)),
            topic: Rect::default(),
            subscribers: [Rect::default(); 3],
            lanes,
            corridors,
            crossing,
        }
    }

    #[wasm_bindgen_test]
    fn a_token_never_crosses_a_lane_it_is_not_in() {
        never_crosses(&stage());
    }

    #[wasm_bindgen_test]
    fn on_a_phone_a_token_never_crosses_a_lane_it_is_not_in_either() {
        let l = phone();
        assert!(l.gate_across() && !stage().gate_across());
        never_crosses(&l);
    }

    fn never_crosses(l: &Layout) {
        let moves: Vec<(Spot, Spot)> = Service::ALL
            .into_iter()
            .flat_map(|s| [(Spot::Source(s), Spot::Queue(3)), (Spot::Source(s), Spot::Slot(Some(2)))])
            .chain([
                (Spot::Queue(0), Spot::Slot(Some(0))),
                (Spot::Queue(0), Spot::Slot(Some(3))),
                (Spot::Queue(0), Spot::Queue(7)),
                (Spot::Slot(Some(1)), Spot::Retry(4)),
                (Spot::Retry(0), Spot::Slot(Some(3))),
                (Spot::Retry(2), Spot::Queue(5)),
            ])
            .chain(ENDING_LANES.into_iter().flat_map(|lane| {
                [
                    (Spot::Slot(Some(3)), Spot::Ending(lane, 2)),
                    (Spot::Retry(1), Spot::Ending(lane, 0)),
                    (Spot::Queue(0), Spot::Ending(lane, 1)),
                    (Spot::Source(Service::Sns), Spot::Ending(lane, 0)),
                ]
            }))
            .collect();
        for (from, to) in moves {
            let route = l.route(from, to);
            let near = |a: (f64, f64), b: (f64, f64)| dist(a, b) < 1e-6;
            assert!(near(route.at(0.0), l.pos(from)) && near(route.at(1.0), l.pos(to)), "{:?}", route.points());
            let mut allowed = vec![lane_of(from), lane_of(to)];
            if matches!(from, Spot::Source(_)) {
                allowed.push(Lane::Queue);
            }
            for k in 0..=200 {
                let p = route.at(f64::from(k) / 200.0);
                if let Some(lane) = l.lane_at(p) {
                    assert!(
                        allowed.contains(&lane),
                        "{from:?} → {to:?} crosses {lane:?} at {p:?}: {:?}",
                        route.points()
                    );
                }
            }
        }
    }

    #[wasm_bindgen_test]
    fn a_success_goes_straight_on_and_a_failure_drops_into_the_retry_wait() {
        let l = stage();
        let success = l.route(Spot::Slot(Some(0)), Spot::Ending(Lane::Success, 0));
        assert!(success.points().len() <= 4, "{:?}", success.points());
        let retry = l.route(Spot::Slot(Some(0)), Spot::Retry(0));
        assert_eq!(
            retry.points(),
            [l.pos(Spot::Slot(Some(0))), l.pos(Spot::Retry(0))],
            "same column: one straight leg"
        );
    }
}
