use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/bench/big-scenario.json")).unwrap();
    let s = lab_core::Scenario::from_json(&text).unwrap();
    for keep in [lab_core::Keep::Recent(0), lab_core::Keep::All] {
        let mut best = f64::MAX;
        for _ in 0..30 {
            let t = Instant::now();
            let r = lab_core::run(&s, keep);
            std::hint::black_box(&r);
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{keep:?}: {:.2} ms", best * 1e3);
    }
    let t = Instant::now();
    let _ = lab_core::Scenario::from_json(&text).unwrap();
    println!("parse {:?}", t.elapsed());
}
