//! Amazon S3: an event notification per object created.

use serde_json::Value;

use super::{Icon, ServiceDef, Words};
use crate::payload::{fill, EventInput};

/// The bucket the lab's uploads land in.
const BUCKET: &str = "lab-uploads";

pub(super) const DEF: ServiceDef = ServiceDef {
    id: "s3",
    aws_name: "Amazon S3",
    short_name: "S3",
    docs: "https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html",
    label: Words { en: "S3 bucket", ko: "S3 버킷" },
    trigger: Words {
        en: "an event notification (ObjectCreated:Put) per upload",
        ko: "업로드마다 이벤트 알림 (ObjectCreated:Put)",
    },
    setup: "bucket notification: NotificationConfiguration.LambdaFunctionConfigurations, Events s3:ObjectCreated:*",
    principal: Some("s3.amazonaws.com"),
    caveat: None,
    idempotency_key: "Records[0].s3.object.key + sequencer",
    icon: Icon {
        background: "#3f8624",
        stroke: "M8 10 L10.5 24 Q16 27 21.5 24 L24 10 M8 10 A8 2.6 0 1 0 24 10 A8 2.6 0 1 0 8 10",
        fill: "",
    },
    payload,
};

/// The event, in AWS's field order; `fill` sets each `${…}`.
const TEMPLATE: &str = r#"{
  "Records": [{
    "eventVersion": "2.1",
    "eventSource": "aws:s3",
    "awsRegion": "${region}",
    "eventTime": "${time}",
    "eventName": "ObjectCreated:Put",
    "userIdentity": { "principalId": "AWS:AIDAEXAMPLEUSER" },
    "requestParameters": { "sourceIPAddress": "203.0.113.10" },
    "responseElements": { "x-amz-request-id": "${request_id}", "x-amz-id-2": "${hex}/lab" },
    "s3": {
      "s3SchemaVersion": "1.0",
      "configurationId": "lab-upload-notification",
      "bucket": {
        "name": "${bucket}",
        "ownerIdentity": { "principalId": "AEXAMPLEOWNER" },
        "arn": "arn:aws:s3:::${bucket}"
      },
      "object": { "key": "${key}", "size": ${size}, "eTag": "${etag}", "sequencer": "${sequencer}" }
    }
  }]
}"#;

fn payload(e: &EventInput) -> Value {
    let size = 1024 + e.rng.below(e.key, crate::rng::Draw::PayloadId, 2, 64 * 1024);
    let hex = e.id().replace('-', "");
    fill(
        TEMPLATE,
        &[
            ("time", &e.time()),
            ("request_id", &hex[..16].to_uppercase()),
            ("hex", &hex),
            ("bucket", BUCKET),
            ("key", &format!("uploads/report-{:05}.csv", e.index + 1)),
            ("size", &size.to_string()),
            ("etag", &hex[..32]),
            ("sequencer", &format!("{:016X}", e.at * 1000 + u64::from(e.index))),
        ],
    )
}
