//! The events sources send, in the shapes AWS sends them (`aws-async.md` §9). Field names follow
//! the AWS samples; the `aws_lambda_events` crate checks the shapes in this crate's tests.
//!
//! Payloads are built on demand (inspector, report), never on the engine's hot path.

use serde_json::{json, Value};

use crate::rng::{Draw, Rng};
use crate::scenario::Service;
use crate::time::{iso8601, iso8601_seconds, AwsMillis};

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";
pub const FUNCTION_NAME: &str = "lab-handler";
pub const BUCKET: &str = "lab-uploads";
pub const TOPIC: &str = "lab-orders";
pub const EVENT_SOURCE: &str = "lab.orders";

/// The function's ARN with its qualifier, as invocation records carry it.
pub fn function_arn() -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{FUNCTION_NAME}:$LATEST")
}

/// A UUID-shaped id (version 4 layout) from 128 seeded bits.
pub fn uuid(rng: &Rng, key: u32, purpose: Draw) -> String {
    let a = rng.bits(key, purpose, 0);
    let b = rng.bits(key, purpose, 1);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        8 | (b >> 62),
        (b >> 48) & 0x0fff,
        b & 0xffff_ffff_ffff
    )
}

/// The payload source `service` sends for its event number `index` (key `key`) at AWS time `at`.
pub fn event_payload(rng: &Rng, service: Service, key: u32, index: u32, at: AwsMillis) -> Value {
    let time = iso8601(at);
    let id = uuid(rng, key, Draw::PayloadId);
    match service {
        Service::S3 => {
            let object_key = format!("uploads/report-{:05}.csv", index + 1);
            let size = 1024 + rng.below(key, Draw::PayloadId, 2, 64 * 1024);
            let hex = id.replace('-', "");
            json!({
                "Records": [{
                    "eventVersion": "2.1",
                    "eventSource": "aws:s3",
                    "awsRegion": REGION,
                    "eventTime": time,
                    "eventName": "ObjectCreated:Put",
                    "userIdentity": { "principalId": "AWS:AIDAEXAMPLEUSER" },
                    "requestParameters": { "sourceIPAddress": "203.0.113.10" },
                    "responseElements": {
                        "x-amz-request-id": hex[..16].to_uppercase(),
                        "x-amz-id-2": format!("{hex}/lab")
                    },
                    "s3": {
                        "s3SchemaVersion": "1.0",
                        "configurationId": "lab-upload-notification",
                        "bucket": {
                            "name": BUCKET,
                            "ownerIdentity": { "principalId": "AEXAMPLEOWNER" },
                            "arn": format!("arn:aws:s3:::{BUCKET}")
                        },
                        "object": {
                            "key": object_key,
                            "size": size,
                            "eTag": &hex[..32],
                            "sequencer": format!("{:016X}", at * 1000 + u64::from(index))
                        }
                    }
                }]
            })
        }
        Service::Sns => {
            let topic_arn = format!("arn:aws:sns:{REGION}:{ACCOUNT}:{TOPIC}");
            json!({
                "Records": [{
                    "EventSource": "aws:sns",
                    "EventVersion": "1.0",
                    "EventSubscriptionArn": format!("{topic_arn}:2f0b2c6e-lab-subscription"),
                    "Sns": {
                        "Type": "Notification",
                        "MessageId": id,
                        "TopicArn": topic_arn,
                        "Subject": "Order placed",
                        "Message": format!("{{\"orderId\":{}}}", index + 1),
                        "Timestamp": time,
                        "SignatureVersion": "1",
                        "Signature": "EXAMPLEpH+lab==",
                        "SigningCertUrl": format!("https://sns.{REGION}.amazonaws.com/SimpleNotificationService-lab.pem"),
                        "UnsubscribeUrl": format!("https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic_arn}"),
                        "MessageAttributes": {}
                    }
                }]
            })
        }
        Service::EventBridge => json!({
            "version": "0",
            "id": id,
            "detail-type": "Order Placed",
            "source": EVENT_SOURCE,
            "account": ACCOUNT,
            "time": iso8601_seconds(at),
            "region": REGION,
            "resources": [],
            "detail": { "orderId": index + 1 }
        }),
    }
}
