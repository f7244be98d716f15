//! Labels of the stage part of the page.

pub struct StageTexts {
    pub stage_label: &'static str,
    pub source_s3: &'static str,
    pub source_sns: &'static str,
    pub source_eventbridge: &'static str,
    pub accepted: &'static str,
    pub queue: &'static str,
    pub function: &'static str,
    pub retry: &'static str,
    pub success: &'static str,
    pub destination_success: &'static str,
    pub destination_failure: &'static str,
    pub dlq_sqs: &'static str,
    pub dlq_sns: &'static str,
    pub dropped: &'static str,
}

pub const EN: StageTexts = StageTexts {
    stage_label: "Event flow",
    source_s3: "S3 bucket",
    source_sns: "SNS topic",
    source_eventbridge: "EventBridge bus",
    accepted: "202 Accepted",
    queue: "Event queue",
    function: "Function",
    retry: "Retry wait",
    success: "Success",
    destination_success: "On-success destination",
    destination_failure: "On-failure destination",
    dlq_sqs: "DLQ (SQS queue)",
    dlq_sns: "DLQ (SNS topic)",
    dropped: "Dropped",
};

pub const KO: StageTexts = StageTexts {
    stage_label: "이벤트 흐름",
    source_s3: "S3 버킷",
    source_sns: "SNS 주제",
    source_eventbridge: "EventBridge 버스",
    accepted: "202 Accepted (수락됨)",
    queue: "내부 이벤트 대기열",
    function: "함수",
    retry: "재시도 대기",
    success: "성공",
    destination_success: "성공 시 대상",
    destination_failure: "실패 시 대상",
    dlq_sqs: "DLQ (SQS 대기열)",
    dlq_sns: "DLQ (SNS 주제)",
    dropped: "버려짐",
};
