//! Amazon EventBridge (formerly CloudWatch Events): a rule sends each matching event.

use serde_json::Value;

use super::{Icon, ServiceDef, Words};
use crate::payload::{fill, EventInput};
use crate::time::iso8601_seconds;

/// The `source` of the lab's order events.
const EVENT_SOURCE: &str = "lab.orders";

pub(super) const DEF: ServiceDef = ServiceDef {
    id: "eventbridge",
    aws_name: "Amazon EventBridge (CloudWatch Events)",
    short_name: "EventBridge",
    docs: "https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge-scheduler.html",
    label: Words { en: "EventBridge (CloudWatch Events)", ko: "EventBridge (CloudWatch Events)" },
    trigger: Words { en: "a rule sends matching events", ko: "규칙이 맞는 이벤트를 보냄" },
    setup: "rule target: aws events put-targets --rule <rule> --targets Id=1,Arn=<function ARN>",
    principal: Some("events.amazonaws.com"),
    caveat: None,
    idempotency_key: "id",
    icon: Icon {
        background: "#a3136d",
        stroke: "M6 16 H24 M9 10 L13 16 L9 22 M17 10 L21 16 L17 22",
        fill: "M23.8 16 a2.2 2.2 0 1 0 4.4 0 a2.2 2.2 0 1 0 -4.4 0",
    },
    payload,
};

/// The event, in AWS's field order; `fill` sets each `${…}`. EventBridge writes an event's time in
/// whole seconds.
const TEMPLATE: &str = r#"{
  "version": "0",
  "id": "${id}",
  "detail-type": "Order Placed",
  "source": "${source}",
  "account": "${account}",
  "time": "${time}",
  "region": "${region}",
  "resources": [],
  "detail": { "orderId": ${order} }
}"#;

fn payload(e: &EventInput) -> Value {
    fill(
        TEMPLATE,
        &[
            ("id", &e.id()),
            ("source", EVENT_SOURCE),
            ("time", &iso8601_seconds(e.at)),
            ("order", &(e.index + 1).to_string()),
        ],
    )
}
