//! Amazon SNS: a topic's subscription delivers each message to the function.

use serde_json::Value;

use super::{Icon, ServiceDef, Words};
use crate::payload::{fill, EventInput, ACCOUNT, REGION};

/// The topic the lab's orders are published to.
const TOPIC: &str = "lab-orders";

pub(super) const DEF: ServiceDef = ServiceDef {
    id: "sns",
    aws_name: "Amazon SNS",
    short_name: "SNS",
    docs: "https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html",
    label: Words { en: "SNS topic", ko: "SNS 주제" },
    trigger: Words { en: "a subscription delivers each message", ko: "구독이 메시지마다 전달" },
    setup: "subscription: aws sns subscribe --protocol lambda --notification-endpoint <function ARN>",
    principal: Some("sns.amazonaws.com"),
    caveat: Some(Words {
        en: "If Lambda itself cannot take the message, SNS retries the delivery by its own delivery policy, before Lambda's queue is involved: that, not Lambda's retries, is where \"retried at once\" comes from.",
        ko: "Lambda가 메시지를 받지 못하면 SNS가 자기 전달 정책에 따라 다시 보냅니다. Lambda 대기열보다 앞선 일이며, \"곧바로 재시도\"라는 말은 Lambda의 재시도가 아니라 여기서 나옵니다.",
    }),
    idempotency_key: "Records[0].Sns.MessageId",
    icon: Icon {
        background: "#c7125e",
        stroke: "M13 16 L23 9 M13 16 L24 16 M13 16 L23 23",
        fill: "M6.8 16 a3.2 3.2 0 1 0 6.4 0 a3.2 3.2 0 1 0 -6.4 0 M21.5 9 a2 2 0 1 0 4 0 a2 2 0 1 0 -4 0 \
               M22.5 16 a2 2 0 1 0 4 0 a2 2 0 1 0 -4 0 M21.5 23 a2 2 0 1 0 4 0 a2 2 0 1 0 -4 0",
    },
    payload,
};

/// The event, in AWS's field order; `fill` sets each `${…}`.
const TEMPLATE: &str = r#"{
  "Records": [{
    "EventSource": "aws:sns",
    "EventVersion": "1.0",
    "EventSubscriptionArn": "${topic_arn}:2f0b2c6e-lab-subscription",
    "Sns": {
      "Type": "Notification",
      "MessageId": "${id}",
      "TopicArn": "${topic_arn}",
      "Subject": "Order placed",
      "Message": "{\"orderId\":${order}}",
      "Timestamp": "${time}",
      "SignatureVersion": "1",
      "Signature": "EXAMPLEpH+lab==",
      "SigningCertUrl": "https://sns.${region}.amazonaws.com/SimpleNotificationService-lab.pem",
      "UnsubscribeUrl": "https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topic_arn}",
      "MessageAttributes": {}
    }
  }]
}"#;

fn payload(e: &EventInput) -> Value {
    fill(
        TEMPLATE,
        &[
            ("topic_arn", &format!("arn:aws:sns:{REGION}:{ACCOUNT}:{TOPIC}")),
            ("id", &e.id()),
            ("order", &(e.index + 1).to_string()),
            ("time", &e.time()),
        ],
    )
}
