//! Amazon EventBridge (formerly CloudWatch Events): a rule sends each matching event.

use serde_json::{json, Value};

use super::{Icon, ServiceDef, Words};
use crate::payload::{EventInput, ACCOUNT, REGION};
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

fn payload(e: &EventInput) -> Value {
    json!({
        "version": "0",
        "id": e.id(),
        "detail-type": "Order Placed",
        "source": EVENT_SOURCE,
        "account": ACCOUNT,
        // EventBridge writes an event's time in whole seconds.
        "time": iso8601_seconds(e.at),
        "region": REGION,
        "resources": [],
        "detail": { "orderId": e.index + 1 }
    })
}
