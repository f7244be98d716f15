//! The presets' titles and their "what to notice", keyed by the core's [`PresetId`]: a preset
//! missing in either language does not compile.

use lab_core::share::PresetId;

/// One preset's words.
pub struct PresetText {
    pub title: &'static str,
    /// Two lines: what happens, and why it matters.
    pub notice: [&'static str; 2],
}

pub struct PresetTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub notice_heading: &'static str,
    /// Shown on the preset on the stage: while it plays, while it is paused, and at its end (a
    /// click replays it).
    pub playing: &'static str,
    pub paused: &'static str,
    pub ended: &'static str,
    pub text: fn(PresetId) -> PresetText,
}

const fn t(title: &'static str, first: &'static str, second: &'static str) -> PresetText {
    PresetText { title, notice: [first, second] }
}

pub const EN: PresetTexts = PresetTexts {
    heading: "Presets: a short course",
    intro: "Each preset is a link. Open one, watch it play, and read what to notice. Back and Forward move between the presets you opened.",
    notice_heading: "What to notice",
    playing: "playing",
    paused: "paused",
    ended: "ended · replay",
    text: |id| match id {
        PresetId::HappyPath => t(
            "Happy path",
            "S3 and SNS hand each event to Lambda and get 202 Accepted at once; they never learn the function's result.",
            "Each event waits briefly in the internal event queue, runs once and succeeds: no retry, nothing in a DLQ.",
        ),
        PresetId::AlwaysFailsSqsDlq => t(
            "Always fails → two retries → SQS DLQ",
            "Three attempts in all: the first, a retry about 1 minute later, another about 2 minutes after that. There is no immediate retry.",
            "After the third attempt fails, the original event lands in the SQS dead-letter queue with its RequestID, ErrorCode and ErrorMessage.",
        ),
        PresetId::AlwaysFailsSnsDlq => t(
            "Always fails → SNS DLQ",
            "The same three attempts, but the failed event is published to an SNS topic instead of waiting in a queue.",
            "SNS fans the message out to its subscribers (email, SQS, HTTP…); nothing stays behind to re-drive unless a subscriber keeps it.",
        ),
        PresetId::FlakySecondAttempt => t(
            "Flaky function: succeeds on the second attempt",
            "Each event fails once, waits about a minute in the retry wait, then succeeds.",
            "The retry is Lambda's, not the caller's: S3 got its 202 long ago, and both attempts carry the same request id.",
        ),
        PresetId::Throttling => t(
            "Throttling: reserved concurrency 1, a burst of S3 uploads",
            "Only one attempt runs at a time; the others are throttled (429) and go back to the queue, waiting from 1 second up to 5 minutes.",
            "Throttles are not function errors: they use up no retry, and every upload succeeds in the end.",
        ),
        PresetId::EventAgeExpiry => t(
            "Event age expiry cuts the retries short",
            "The maximum event age is 90 s: when the second attempt fails, the next retry would start after that.",
            "Lambda gives up at once, without waiting, and sends the event to the DLQ with the condition EventAgeExceeded.",
        ),
        PresetId::Destinations => t(
            "Destinations instead of a DLQ",
            "Half the attempts fail: successes go to the on-success destination (EventBridge), final failures to the on-failure one (SQS).",
            "A destination receives an invocation record (request, response, condition, attempt count), richer than a DLQ message.",
        ),
        PresetId::DestinationsAndDlq => t(
            "A DLQ and an on-failure destination at once",
            "Every failed event is delivered twice: to the SQS dead-letter queue and to the on-failure destination (SNS).",
            "Neither takes precedence: the DLQ gets the original payload, the destination gets the invocation record.",
        ),
        PresetId::DuplicatesNotIdempotent => t(
            "Duplicate delivery without idempotency",
            "Nothing fails, yet the queue delivers some events a second time, with the same request id (at-least-once delivery).",
            "The handler is not idempotent, so its side effect happens twice: more side effects than events.",
        ),
        PresetId::DuplicatesIdempotent => t(
            "Duplicate delivery with an idempotent handler",
            "The same duplicates arrive (same seed), but the handler first records each event's idempotency key.",
            "The second delivery finds the key and returns the stored result: exactly one side effect per event.",
        ),
    },
};

pub const KO: PresetTexts = PresetTexts {
    heading: "프리셋: 짧은 코스",
    intro: "프리셋마다 링크가 있습니다. 하나를 열어 지켜보고, 눈여겨볼 점을 읽어 보세요. 뒤로/앞으로 가기로 연 프리셋 사이를 오갈 수 있습니다.",
    notice_heading: "눈여겨볼 점",
    playing: "재생 중",
    paused: "일시 정지됨",
    ended: "끝남 · 다시 재생",
    text: |id| match id {
        PresetId::HappyPath => t(
            "정상 흐름",
            "S3와 SNS는 이벤트를 Lambda에 넘기자마자 202 Accepted를 받고, 함수의 결과는 알지 못합니다.",
            "각 이벤트는 내부 이벤트 대기열에서 잠시 기다린 뒤 한 번 실행되어 성공합니다. 재시도도, DLQ로 가는 이벤트도 없습니다.",
        ),
        PresetId::AlwaysFailsSqsDlq => t(
            "항상 실패 → 재시도 2회 → SQS DLQ",
            "시도는 모두 세 번입니다. 첫 시도, 약 1분 뒤 재시도, 그로부터 약 2분 뒤 또 한 번. 즉시 재시도는 없습니다.",
            "세 번째 시도까지 실패하면 원래 이벤트가 RequestID, ErrorCode, ErrorMessage와 함께 SQS 데드 레터 큐에 쌓입니다.",
        ),
        PresetId::AlwaysFailsSnsDlq => t(
            "항상 실패 → SNS DLQ",
            "시도 세 번은 같지만, 실패한 이벤트는 대기열에 머무는 대신 SNS 주제로 발행됩니다.",
            "SNS는 메시지를 구독자(이메일, SQS, HTTP 등)에게 퍼뜨립니다. 구독자가 보관하지 않으면 다시 처리할 메시지가 남지 않습니다.",
        ),
        PresetId::FlakySecondAttempt => t(
            "불안정한 함수: 두 번째 시도에 성공",
            "각 이벤트는 한 번 실패하고, 약 1분 동안 재시도를 기다린 뒤 성공합니다.",
            "재시도는 호출자가 아니라 Lambda가 합니다. S3는 이미 오래전에 202를 받았고, 두 시도의 요청 ID는 같습니다.",
        ),
        PresetId::Throttling => t(
            "스로틀링: 예약된 동시성 1과 S3 업로드 폭주",
            "한 번에 한 시도만 실행됩니다. 나머지는 스로틀링(429)되어 대기열로 돌아가고, 1초에서 최대 5분까지 기다립니다.",
            "스로틀링은 함수 오류가 아니어서 재시도 횟수를 쓰지 않고, 결국 모든 업로드가 성공합니다.",
        ),
        PresetId::EventAgeExpiry => t(
            "최대 이벤트 수명이 재시도를 끊는 경우",
            "최대 이벤트 수명이 90초라서, 두 번째 시도가 실패하면 다음 재시도는 수명이 지난 뒤에야 시작할 수 있습니다.",
            "Lambda는 기다리지 않고 곧바로 포기하며, EventAgeExceeded 조건으로 이벤트를 DLQ에 보냅니다.",
        ),
        PresetId::Destinations => t(
            "DLQ 대신 대상(Destinations)",
            "시도의 절반이 실패합니다. 성공은 성공 시 대상(EventBridge)으로, 끝내 실패한 이벤트는 실패 시 대상(SQS)으로 갑니다.",
            "대상은 요청, 응답, 조건, 시도 횟수를 담은 호출 레코드를 받습니다. DLQ 메시지보다 정보가 풍부합니다.",
        ),
        PresetId::DestinationsAndDlq => t(
            "DLQ와 실패 시 대상을 함께",
            "실패한 이벤트는 SQS 데드 레터 큐와 실패 시 대상(SNS) 두 곳에 모두 전달됩니다.",
            "어느 쪽도 우선하지 않습니다. DLQ는 원래 페이로드를, 대상은 호출 레코드를 받습니다.",
        ),
        PresetId::DuplicatesNotIdempotent => t(
            "중복 전달, 멱등성 없음",
            "실패는 없는데도 대기열이 일부 이벤트를 같은 요청 ID로 한 번 더 전달합니다(최소 한 번 전달).",
            "핸들러가 멱등하지 않아서 부수 효과가 두 번 일어납니다. 부수 효과가 이벤트 수보다 많아집니다.",
        ),
        PresetId::DuplicatesIdempotent => t(
            "중복 전달, 멱등한 핸들러",
            "시드가 같아 같은 중복이 도착하지만, 핸들러는 먼저 이벤트의 멱등성 키를 기록합니다.",
            "두 번째 전달은 그 키를 찾아 저장된 결과를 돌려줍니다. 이벤트마다 부수 효과는 정확히 한 번입니다.",
        ),
    },
};
