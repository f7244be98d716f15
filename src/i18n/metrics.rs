//! Labels of the metrics panel.

pub struct MetricsTexts {
    pub title: &'static str,
    pub hint: &'static str,
    pub no_datapoint: &'static str,
    /// What each metric counts, in `MetricName::ALL` order.
    pub descriptions: [&'static str; 11],
    pub lab_gauge: &'static str,
    /// Tooltip of a datapoint: "minute {from}–{to}: {value}"
    pub point_title: fn(&str, &str, &str) -> String,
    /// The headline's title: "{statistic} over {from}–{to}, the minutes shown"
    pub headline: fn(&str, &str, &str) -> String,
    /// "{n} s"
    pub seconds: fn(f64) -> String,
}

pub const EN: MetricsTexts = MetricsTexts {
    title: "CloudWatch metrics (AWS/Lambda)",
    hint: "One datapoint per AWS minute, as CloudWatch shows them: a minute appears once it is over. Each headline is the figure over the minutes shown, under the statistic CloudWatch uses for it: Sum for counts, Maximum for concurrency and ages. A run longer than 30 minutes shows its latest 30.",
    no_datapoint: "no datapoint yet",
    descriptions: [
        "Runs of the handler started (duplicates included)",
        "Runs that ended in an error or a timeout",
        "Deliveries that found no free concurrency (429)",
        "Most runs at once (Maximum)",
        "Events the internal queue accepted",
        "Longest wait from queueing to a run (Maximum)",
        "Events given up: retries exhausted, too old, or never run",
        "DLQ messages that could not be delivered",
        "Destination records that could not be delivered",
        "Most events waiting in the internal queue",
        "Age of the oldest event waiting in the queue",
    ],
    lab_gauge: "the lab's own gauge; CloudWatch does not publish it",
    point_title: |from, to, v| format!("{from}–{to}: {v}"),
    headline: |stat, from, to| format!("{stat} over {from}–{to}, the minutes shown"),
    seconds: |s| format!("{} s", lab_core::text::fixed(s, 1)),
};

pub const KO: MetricsTexts = MetricsTexts {
    title: "CloudWatch 지표 (AWS/Lambda)",
    hint: "CloudWatch처럼 AWS 1분마다 데이터 포인트 하나: 1분이 끝나야 나타납니다. 카드의 큰 숫자는 보이는 구간 전체의 값이며, CloudWatch가 쓰는 통계로 셉니다: 개수는 Sum(합계), 동시성과 나이는 Maximum(최대). 30분보다 긴 실행은 최근 30분을 그립니다.",
    no_datapoint: "아직 데이터 포인트 없음",
    descriptions: [
        "시작된 핸들러 실행 수 (중복 포함)",
        "오류나 시간 초과로 끝난 실행 수",
        "남은 동시성이 없어 막힌 전달 수 (429)",
        "동시에 실행된 최대 수 (Maximum)",
        "내부 이벤트 대기열이 받은 이벤트 수",
        "대기열에 들어가서 실행되기까지 가장 오래 기다린 시간 (Maximum)",
        "포기한 이벤트 수: 재시도 소진, 기간 초과, 실행되지 않음",
        "전달하지 못한 데드 레터 큐 메시지 수",
        "전달하지 못한 대상 레코드 수",
        "내부 대기열에서 기다린 최대 이벤트 수",
        "대기열에서 가장 오래 기다린 이벤트의 나이",
    ],
    lab_gauge: "실험실 자체 지표이며 CloudWatch는 제공하지 않습니다",
    point_title: |from, to, v| format!("{from}–{to}: {v}"),
    headline: |stat, from, to| format!("보이는 구간 {from}–{to}의 {stat}"),
    seconds: |s| format!("{}초", lab_core::text::fixed(s, 1)),
};
