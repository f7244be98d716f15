//! AWS CodePipeline: an Invoke action hands the function a job.

use serde_json::Value;

use super::{Icon, ServiceDef, Words};
use crate::payload::{fill, EventInput};

const PIPELINE: &str = "lab-pipeline";

pub(super) const DEF: ServiceDef = ServiceDef {
    id: "codepipeline",
    aws_name: "AWS CodePipeline",
    short_name: "CodePipeline",
    docs: "https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-invoke-lambda-function.html",
    label: Words { en: "CodePipeline action", ko: "CodePipeline 작업" },
    trigger: Words { en: "a pipeline's Invoke action sends a job", ko: "파이프라인의 Invoke 작업이 잡(job)을 보냄" },
    setup: "pipeline action: ActionTypeId { Category: Invoke, Owner: AWS, Provider: Lambda }, Configuration.FunctionName",
    principal: None,
    caveat: Some(Words {
        en: "The pipeline waits for the job's result, not for Lambda's: the function must call PutJobSuccessResult or PutJobFailureResult with the job id, or the action fails when it times out.",
        ko: "파이프라인은 Lambda의 결과가 아니라 잡의 결과를 기다립니다. 함수가 잡 ID로 PutJobSuccessResult나 PutJobFailureResult를 불러야 하며, 그러지 않으면 작업은 시간 초과로 실패합니다.",
    }),
    idempotency_key: "CodePipeline.job.id",
    icon: Icon {
        background: "#2e73b8",
        stroke: "M5 12 H11 V20 H5 Z M13 12 H19 V20 H13 Z M21 12 H27 V20 H21 Z",
        fill: "",
    },
    payload,
};

/// The event, in AWS's field order; `fill` sets each `${…}`.
const TEMPLATE: &str = r#"{
  "CodePipeline.job": {
    "id": "${id}",
    "accountId": "${account}",
    "data": {
      "actionConfiguration": {
        "configuration": { "FunctionName": "${function}", "UserParameters": "stage=staging" }
      },
      "inputArtifacts": [{
        "name": "BuildOutput",
        "revision": "${revision}",
        "location": {
          "type": "S3",
          "s3Location": {
            "bucketName": "codepipeline-${region}-lab",
            "objectKey": "${pipeline}/BuildOutpu/${object}.zip"
          }
        }
      }],
      "outputArtifacts": [],
      "artifactCredentials": {
        "accessKeyId": "ASIAEXAMPLELABKEY",
        "secretAccessKey": "EXAMPLE-lab-secret",
        "sessionToken": "EXAMPLE-lab-session-token"
      }
    }
  }
}"#;

fn payload(e: &EventInput) -> Value {
    fill(TEMPLATE, &[("id", &e.id()), ("revision", &e.hex(40)), ("pipeline", PIPELINE), ("object", &e.hex(7))])
}
