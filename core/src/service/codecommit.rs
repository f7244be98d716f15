//! AWS CodeCommit: a repository trigger, per push to a branch.

use serde_json::{json, Value};

use super::{Icon, ServiceDef, Words};
use crate::payload::{EventInput, ACCOUNT, REGION};
use crate::time::iso8601_offset;

const REPOSITORY: &str = "lab-repo";
/// The trigger's own id: the same on every event the trigger sends.
const TRIGGER_CONFIG_ID: &str = "5a824061-17ca-46a9-bbf9-114edeadbeef";

pub(super) const DEF: ServiceDef = ServiceDef {
    id: "codecommit",
    aws_name: "AWS CodeCommit",
    short_name: "CodeCommit",
    docs: "https://docs.aws.amazon.com/codecommit/latest/userguide/how-to-notify-lambda.html",
    label: Words { en: "CodeCommit repository", ko: "CodeCommit 리포지토리" },
    trigger: Words {
        en: "a repository trigger per push to a branch", ko: "브랜치에 푸시할 때마다 리포지토리 트리거"
    },
    setup: "repository trigger: aws codecommit put-repository-triggers, DestinationArn <function ARN>",
    principal: Some("codecommit.amazonaws.com"),
    caveat: None,
    idempotency_key: "Records[0].codecommit.references[0].commit",
    icon: Icon {
        background: "#3b48cc",
        stroke: "M11 11 V21 M22 14 Q22 19 13 21",
        fill: "M8.5 9 a2.5 2.5 0 1 0 5 0 a2.5 2.5 0 1 0 -5 0 M8.5 23 a2.5 2.5 0 1 0 5 0 a2.5 2.5 0 1 0 -5 0 \
               M19.5 12 a2.5 2.5 0 1 0 5 0 a2.5 2.5 0 1 0 -5 0",
    },
    payload,
};

fn payload(e: &EventInput) -> Value {
    json!({
        "Records": [{
            "awsRegion": REGION,
            "codecommit": {
                "references": [{ "commit": e.hex(40), "ref": "refs/heads/main" }]
            },
            "eventId": e.id(),
            "eventName": "ReferenceChanges",
            "eventPartNumber": 1,
            "eventSource": "aws:codecommit",
            "eventSourceARN": format!("arn:aws:codecommit:{REGION}:{ACCOUNT}:{REPOSITORY}"),
            "eventTime": iso8601_offset(e.at),
            "eventTotalParts": 1,
            "eventTriggerConfigId": TRIGGER_CONFIG_ID,
            "eventTriggerName": "lab-push-trigger",
            "eventVersion": "1.0",
            "userIdentityARN": format!("arn:aws:iam::{ACCOUNT}:user/lab-developer")
        }]
    })
}
