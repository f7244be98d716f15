//! Amazon SES: a receipt rule's Lambda action, per incoming e-mail.

use serde_json::Value;

use super::{Icon, ServiceDef, Words};
use crate::payload::{fill, EventInput};
use crate::time::rfc5322;

/// The address the lab's receipt rule receives mail for.
const RECIPIENT: &str = "orders@lab.example.com";
const SENDER: &str = "customer@example.com";

pub(super) const DEF: ServiceDef = ServiceDef {
    id: "ses",
    aws_name: "Amazon SES",
    short_name: "SES",
    docs: "https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-lambda.html",
    label: Words { en: "SES receipt rule", ko: "SES 수신 규칙" },
    trigger: Words {
        en: "a receipt rule's Lambda action per incoming e-mail",
        ko: "받은 메일마다 수신 규칙의 Lambda 작업",
    },
    setup: "receipt rule action: Actions[].LambdaAction { FunctionArn, InvocationType: Event }",
    principal: Some("ses.amazonaws.com"),
    caveat: Some(Words {
        en: "SES invokes asynchronously when the rule's Lambda action has invocation type Event (as here). Set to RequestResponse, the call is synchronous and the function can stop the rule set.",
        ko: "수신 규칙의 Lambda 작업의 호출 유형이 Event이면(여기처럼) SES는 비동기로 호출합니다. RequestResponse로 두면 동기 호출이 되어 함수가 규칙 세트를 멈출 수 있습니다.",
    }),
    idempotency_key: "Records[0].ses.mail.messageId",
    icon: Icon { background: "#dd344c", stroke: "M6 10 H26 V23 H6 Z M6 10 L16 18 L26 10", fill: "" },
    payload,
};

/// The event, in AWS's field order; `fill` sets each `${…}`.
const TEMPLATE: &str = r#"{
  "Records": [{
    "eventSource": "aws:ses",
    "eventVersion": "1.0",
    "ses": {
      "mail": {
        "timestamp": "${time}",
        "source": "${sender}",
        "messageId": "${message_id}",
        "destination": ["${recipient}"],
        "headersTruncated": false,
        "headers": [
          { "name": "From", "value": "${sender}" },
          { "name": "To", "value": "${recipient}" },
          { "name": "Subject", "value": "${subject}" },
          { "name": "Date", "value": "${date}" }
        ],
        "commonHeaders": {
          "returnPath": "${sender}",
          "from": ["${sender}"],
          "date": "${date}",
          "to": ["${recipient}"],
          "messageId": "<${id}@mail.example.com>",
          "subject": "${subject}"
        }
      },
      "receipt": {
        "timestamp": "${time}",
        "processingTimeMillis": ${processing_ms},
        "recipients": ["${recipient}"],
        "spamVerdict": { "status": "PASS" },
        "virusVerdict": { "status": "PASS" },
        "spfVerdict": { "status": "PASS" },
        "dkimVerdict": { "status": "PASS" },
        "dmarcVerdict": { "status": "PASS" },
        "action": {
          "type": "Lambda",
          "functionArn": "arn:aws:lambda:${region}:${account}:function:${function}",
          "invocationType": "Event"
        }
      }
    }
  }]
}"#;

fn payload(e: &EventInput) -> Value {
    fill(
        TEMPLATE,
        &[
            ("time", &e.time()),
            ("sender", SENDER),
            ("recipient", RECIPIENT),
            ("message_id", &e.hex(40)),
            ("subject", &format!("Order #{}", e.index + 1)),
            ("date", &rfc5322(e.at)),
            ("id", &e.id()),
            ("processing_ms", &(200 + e.below(0, 600)).to_string()),
        ],
    )
}
