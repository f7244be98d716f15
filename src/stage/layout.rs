//! Where the lanes are on screen, measured from the DOM, and how spots map to pixels inside them.
//!
//! The lanes are ordinary DOM boxes (so that counts, names and countdowns stay readable by people
//! and tests); each has a token area marked `data-area`. The canvas above them asks this module
//! where a spot is. Measuring forces a layout, so it happens only when something resized.

use lab_core::moment::Lane;
use lab_core::scenario::Scenario;
use lab_core::service::PerService;
use lab_core::throttle::Concurrency;
use wasm_bindgen::JsCast;

use super::lanes::lane_test_id;
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
/// Without reserved concurrency the function draws at least this many of the pool's slots, and
/// more in steps of this size as the run uses them.
pub const POOL_SLOTS_STEP: u32 = 50;

/// How many concurrency slots the function lane draws: all of a reserved concurrency that fits;
/// of the account pool, what the run uses rounded up (the pool's 1000 would be mostly empty).
pub fn drawn_slots(s: &Scenario, used: u16) -> u32 {
    let limit = Concurrency::of(s.function.reserved_concurrency).limit;
    match s.function.reserved_concurrency {
        Some(n) => n,
        None => (u32::from(used).div_ceil(POOL_SLOTS_STEP) * POOL_SLOTS_STEP).max(POOL_SLOTS_STEP).min(limit),
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
        Layout {
            width: origin.width(),
            height: origin.height(),
            sources,
            gate: area("gate"),
            queue: Grid::new(area("queue"), CELL, true),
            slots: slots_grid,
            slots_drawn,
            retry: Grid::new(area("retry"), CELL + 10.0, false),
            endings,
            topic: area("topic"),
            subscribers,
        }
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
    fn the_function_draws_its_reserved_slots_or_what_the_pool_run_uses() {
        let mut s = Scenario::default();
        s.function.reserved_concurrency = Some(5);
        assert_eq!(drawn_slots(&s, 5), 5);
        s.function.reserved_concurrency = None;
        assert_eq!(drawn_slots(&s, 3), POOL_SLOTS_STEP);
        assert_eq!(drawn_slots(&s, 51), 2 * POOL_SLOTS_STEP);
        assert_eq!(drawn_slots(&s, 1000), 1000);
        let g = Grid::for_count(Rect { x: 0.0, y: 0.0, w: 200.0, h: 300.0 }, 1000, 6.0, 34.0);
        assert!(g.capacity() >= 1000, "1000 slots fit at {} px", g.cell);
    }
}
