//! AWS CodeCommit: a repository trigger, per push to a branch.

use serde_json::Value;

use super::{Icon, ServiceDef, Words};
use crate::payload::{fill, EventInput};
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

/// The event, in AWS's field order; `fill` sets each `${…}`.
const TEMPLATE: &str = r#"{
  "Records": [{
    "awsRegion": "${region}",
    "codecommit": { "references": [{ "commit": "${commit}", "ref": "refs/heads/main" }] },
    "eventId": "${id}",
    "eventName": "ReferenceChanges",
    "eventPartNumber": 1,
    "eventSource": "aws:codecommit",
    "eventSourceARN": "arn:aws:codecommit:${region}:${account}:${repository}",
    "eventTime": "${time}",
    "eventTotalParts": 1,
    "eventTriggerConfigId": "${trigger_config_id}",
    "eventTriggerName": "lab-push-trigger",
    "eventVersion": "1.0",
    "userIdentityARN": "arn:aws:iam::${account}:user/lab-developer"
  }]
}"#;

fn payload(e: &EventInput) -> Value {
    fill(
        TEMPLATE,
        &[
            ("commit", &e.hex(40)),
            ("id", &e.id()),
            ("repository", REPOSITORY),
            ("time", &iso8601_offset(e.at)),
            ("trigger_config_id", TRIGGER_CONFIG_ID),
        ],
    )
}
