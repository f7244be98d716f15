//! AWS IoT Core: a topic rule's Lambda action sends what the rule's SQL selects.

use serde_json::Value;

use super::{Icon, ServiceDef, Words};
use crate::payload::{fill, EventInput};
use crate::time::EPOCH_UNIX_MS;

pub(super) const DEF: ServiceDef = ServiceDef {
    id: "iot",
    aws_name: "AWS IoT Core",
    short_name: "IoT",
    docs: "https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html",
    label: Words { en: "IoT rule", ko: "IoT 규칙" },
    trigger: Words { en: "a rule's Lambda action sends what its SQL selects", ko: "규칙의 Lambda 작업이 SQL로 고른 것을 보냄" },
    setup: "topic rule action: Actions[].Lambda.FunctionArn, with the rule's Sql",
    principal: Some("iot.amazonaws.com"),
    caveat: Some(Words {
        en: "IoT adds no envelope: the event is whatever the rule's SQL selects from the device's message. Here: SELECT deviceId, temperature, humidity, timestamp() AS timestamp FROM 'lab/sensors/+/telemetry'.",
        ko: "IoT는 봉투를 씌우지 않습니다. 이벤트는 규칙의 SQL이 기기 메시지에서 고른 그대로입니다. 여기서는 SELECT deviceId, temperature, humidity, timestamp() AS timestamp FROM 'lab/sensors/+/telemetry'.",
    }),
    idempotency_key: "deviceId + timestamp",
    icon: Icon {
        background: "#1b7f79",
        stroke: "M10 10 H22 V22 H10 Z M13 6 V10 M19 6 V10 M13 22 V26 M19 22 V26 M6 13 H10 M6 19 H10 \
                 M22 13 H26 M22 19 H26",
        fill: "",
    },
    payload,
};

/// A small device reading, as the rule's SQL selects it, in the SQL's order; `fill` sets each `${…}`.
const TEMPLATE: &str = r#"{
  "deviceId": "${device}",
  "temperature": ${temperature},
  "humidity": ${humidity},
  "timestamp": ${timestamp}
}"#;

fn payload(e: &EventInput) -> Value {
    let tenths = 180 + e.below(0, 80); // 18.0 to 25.9 °C
    fill(
        TEMPLATE,
        &[
            ("device", &format!("sensor-{:04}", e.index % 50 + 1)),
            // Written with its decimal point, so it reads as the float it is.
            ("temperature", &format!("{}.{}", tenths / 10, tenths % 10)),
            ("humidity", &(35 + e.below(1, 30)).to_string()),
            ("timestamp", &(EPOCH_UNIX_MS + e.at).to_string()),
        ],
    )
}
