//! Which event a token at rest stands for. Ended events rest in their ending lanes as ranked
//! tokens (in the order they ended there); a click on one asks [`resting_event`], and the marks on
//! the hovered and selected events ask the inverse, [`ending_ranks`].

use lab_core::engine::Run;
use lab_core::moment::{ending_lanes, resting_lanes, Lane};
use lab_core::time::AwsMillis;
use leptos::prelude::*;

use crate::moment::MomentView;
use crate::state::Lab;

/// The event that the `rank`-th token at rest in `lane` stands for: events are ranked in the order
/// they ended there. Asked only when someone clicks a resting token.
pub(super) fn resting_event(run: &Run, lane: Lane, rank: u32, rested_by: AwsMillis) -> Option<usize> {
    let mut ended: Vec<(AwsMillis, usize)> = run
        .events
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let at = r.ended_ms.filter(|&e| e <= rested_by)?;
            resting_lanes(r, rested_by).any(|l| l == lane).then_some((at, i))
        })
        .collect();
    lab_core::order::sort_by_key(&mut ended, |&(at, i)| u128::from(at) << 64 | i as u128);
    ended.get(rank as usize).or(ended.last()).map(|&(_, i)| i)
}

/// The ranks an ended event holds among the tokens at rest in its ending lanes (the inverse of
/// [`resting_event`]).
fn ending_ranks(run: &Run, pos: usize) -> Vec<(Lane, u32)> {
    let Some(rec) = run.events.get(pos) else { return Vec::new() };
    let Some(end) = rec.ended_ms else { return Vec::new() };
    ending_lanes(rec)
        .map(|lane| {
            let before = run
                .events
                .iter()
                .enumerate()
                .filter(|(i, r)| r.ended_ms.is_some_and(|e| (e, *i) < (end, pos)) && ending_lanes(r).any(|l| l == lane))
                .count();
            (lane, before as u32)
        })
        .collect()
}

/// Where the hovered and selected events rest once they have ended: (lane, rank there, selected?).
pub(super) fn resting_marks(lab: Lab, view: MomentView) -> Memo<Vec<(Lane, u32, bool)>> {
    Memo::new(move |_| {
        let run = lab.run.get();
        let marked = [(view.hovered.get().map(|p| p as usize), false), (view.selected_pos.get(), true)];
        marked
            .into_iter()
            .filter_map(|(pos, selected)| Some((pos?, selected)))
            .flat_map(|(pos, selected)| ending_ranks(&run, pos).into_iter().map(move |(l, r)| (l, r, selected)))
            .collect::<Vec<_>>()
    })
}
