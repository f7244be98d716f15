//! Amazon SES: a receipt rule's Lambda action, per incoming e-mail.

use serde_json::{json, Value};

use super::{Icon, ServiceDef, Words};
use crate::payload::{EventInput, ACCOUNT, FUNCTION_NAME, REGION};
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

fn payload(e: &EventInput) -> Value {
    let message_id = e.hex(40);
    let subject = format!("Order #{}", e.index + 1);
    let date = rfc5322(e.at);
    let verdict = json!({ "status": "PASS" });
    json!({
        "Records": [{
            "eventSource": "aws:ses",
            "eventVersion": "1.0",
            "ses": {
                "mail": {
                    "timestamp": e.time(),
                    "source": SENDER,
                    "messageId": message_id,
                    "destination": [RECIPIENT],
                    "headersTruncated": false,
                    "headers": [
                        { "name": "From", "value": SENDER },
                        { "name": "To", "value": RECIPIENT },
                        { "name": "Subject", "value": subject },
                        { "name": "Date", "value": date }
                    ],
                    "commonHeaders": {
                        "returnPath": SENDER,
                        "from": [SENDER],
                        "date": date,
                        "to": [RECIPIENT],
                        "messageId": format!("<{}@mail.example.com>", e.id()),
                        "subject": subject
                    }
                },
                "receipt": {
                    "timestamp": e.time(),
                    "processingTimeMillis": 200 + e.below(0, 600),
                    "recipients": [RECIPIENT],
                    "spamVerdict": verdict,
                    "virusVerdict": verdict,
                    "spfVerdict": verdict,
                    "dkimVerdict": verdict,
                    "dmarcVerdict": verdict,
                    "action": {
                        "type": "Lambda",
                        "functionArn": format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION_NAME}"),
                        "invocationType": "Event"
                    }
                }
            }
        }]
    })
}
