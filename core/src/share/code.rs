//! "Show as code": a scenario's settings as the AWS CLI commands and the AWS SAM template that set
//! them on a real function, so that what was learned maps to real configuration.
//!
//! Only what AWS can configure appears: the event invoke config (`MaximumRetryAttempts`,
//! `MaximumEventAgeInSeconds`, `DestinationConfig`), the timeout, the dead-letter queue and the
//! reserved concurrency. Each source the scenario uses is connected on its own side; the output
//! names that setting (from the service's definition) and, for the CLI, grants the service's
//! principal the right to invoke. The failure mode and idempotency are the function's code, not
//! settings; the output says so in a comment. Account, region and resource names
//! are placeholders a reader replaces.

use crate::scenario::{Destination, DlqTarget, Scenario, Service};

/// The placeholder function name.
pub const FUNCTION_NAME: &str = "my-function";
/// The placeholder region in ARNs.
pub const REGION: &str = "us-east-1";
/// The placeholder account id in ARNs.
pub const ACCOUNT: &str = "123456789012";

/// Which end of an invocation a destination receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum On {
    Success,
    Failure,
}

impl On {
    fn suffix(self) -> &'static str {
        match self {
            On::Success => "on-success",
            On::Failure => "on-failure",
        }
    }
}

/// The ARN of a placeholder destination of this kind.
fn destination_arn(d: Destination, on: On) -> String {
    let name = format!("{FUNCTION_NAME}-{}", on.suffix());
    match d {
        Destination::Sqs => format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"),
        Destination::Sns => format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}"),
        Destination::Lambda => format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"),
        Destination::EventBridge => format!("arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"),
        Destination::S3 => format!("arn:aws:s3:::{name}-{ACCOUNT}"),
    }
}

fn dlq_arn(t: DlqTarget) -> String {
    let name = format!("{FUNCTION_NAME}-dlq");
    match t {
        DlqTarget::Sqs => format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"),
        DlqTarget::Sns => format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}"),
    }
}

/// The AWS CLI commands that give `my-function` this scenario's settings.
pub fn aws_cli(s: &Scenario) -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&mut out, "# Retries, maximum event age and destinations: the function's event invoke config.");
    line(&mut out, "# (put- replaces the whole config: a destination left out here is removed.)");
    line(&mut out, "aws lambda put-function-event-invoke-config \\");
    line(&mut out, &format!("    --function-name {FUNCTION_NAME} \\"));
    line(&mut out, &format!("    --maximum-retry-attempts {} \\", s.invoke_config.max_retry_attempts));
    let mut dest = Vec::new();
    if let Some(d) = s.on_success {
        dest.push(format!(r#""OnSuccess":{{"Destination":"{}"}}"#, destination_arn(d, On::Success)));
    }
    if let Some(d) = s.on_failure {
        dest.push(format!(r#""OnFailure":{{"Destination":"{}"}}"#, destination_arn(d, On::Failure)));
    }
    if dest.is_empty() {
        line(&mut out, &format!("    --maximum-event-age-in-seconds {}", s.invoke_config.max_event_age_s));
    } else {
        line(&mut out, &format!("    --maximum-event-age-in-seconds {} \\", s.invoke_config.max_event_age_s));
        line(&mut out, &format!("    --destination-config '{{{}}}'", dest.join(",")));
    }
    out.push('\n');
    match s.dlq {
        Some(t) => {
            line(&mut out, "# Timeout and dead-letter queue: the function's configuration.");
            line(&mut out, "aws lambda update-function-configuration \\");
            line(&mut out, &format!("    --function-name {FUNCTION_NAME} \\"));
            line(&mut out, &format!("    --timeout {} \\", s.function.timeout_s));
            line(&mut out, &format!("    --dead-letter-config TargetArn={}", dlq_arn(t)));
        }
        None => {
            line(&mut out, "# Timeout, and no dead-letter queue: an empty TargetArn removes one set before.");
            line(&mut out, "aws lambda update-function-configuration \\");
            line(&mut out, &format!("    --function-name {FUNCTION_NAME} \\"));
            line(&mut out, &format!("    --timeout {} \\", s.function.timeout_s));
            line(&mut out, r#"    --dead-letter-config '{"TargetArn":""}'"#);
        }
    }
    out.push('\n');
    match s.function.reserved_concurrency {
        Some(n) => {
            line(&mut out, "# Reserved concurrency: at most this many attempts run at once.");
            line(&mut out, "aws lambda put-function-concurrency \\");
            line(&mut out, &format!("    --function-name {FUNCTION_NAME} \\"));
            line(&mut out, &format!("    --reserved-concurrent-executions {n}"));
        }
        None => {
            line(&mut out, "# No reserved concurrency: the function shares the account's unreserved pool.");
            line(&mut out, &format!("aws lambda delete-function-concurrency --function-name {FUNCTION_NAME}"));
        }
    }
    out.push('\n');
    for service in services_of(s) {
        let d = service.def();
        line(&mut out, &format!("# {} invokes asynchronously; connect it on its side: {}", d.aws_name, d.setup));
        match d.principal {
            Some(principal) => {
                line(&mut out, "aws lambda add-permission \\");
                line(&mut out, &format!("    --function-name {FUNCTION_NAME} \\"));
                line(&mut out, &format!("    --statement-id allow-{} \\", d.id));
                line(&mut out, "    --action lambda:InvokeFunction \\");
                line(&mut out, &format!("    --principal {principal}"));
            }
            None => line(&mut out, "# (it calls Invoke with its own service role: allow lambda:InvokeFunction there)"),
        }
    }
    out.push_str(NOT_SETTINGS);
    out
}

/// The services the scenario's sources use, once each, in [`Service::ALL`] order.
fn services_of(s: &Scenario) -> impl Iterator<Item = Service> + '_ {
    Service::ALL.into_iter().filter(|svc| s.sources.iter().any(|src| src.service == *svc))
}

/// What the scenario has that no setting controls.
const NOT_SETTINGS: &str = "# Not settings: how the handler fails and whether it is idempotent are the code's\n\
# business; duplicate delivery is the queue's.\n";

/// SAM's `Type` name of a destination.
fn sam_type(d: Destination) -> &'static str {
    match d {
        Destination::Sqs => "SQS",
        Destination::Sns => "SNS",
        Destination::Lambda => "Lambda",
        Destination::EventBridge => "EventBridge",
        Destination::S3 => "S3",
    }
}

/// The template's own resource for a destination or DLQ target, if it declares one: (logical id,
/// CloudFormation type, how to get its ARN).
fn sam_resource(kind: &str, logical: &str) -> Option<(String, &'static str, String)> {
    let (ty, arn) = match kind {
        "SQS" => ("AWS::SQS::Queue", format!("!GetAtt {logical}.Arn")),
        "SNS" => ("AWS::SNS::Topic", format!("!Ref {logical}")),
        "S3" => ("AWS::S3::Bucket", format!("!GetAtt {logical}.Arn")),
        _ => return None,
    };
    Some((logical.to_string(), ty, arn))
}

/// The destination's ARN in the template: its own resource, or a placeholder ARN.
fn sam_destination(d: Destination, on: On, resources: &mut Vec<(String, &'static str)>) -> String {
    let logical = match on {
        On::Success => "OnSuccessTarget",
        On::Failure => "OnFailureTarget",
    };
    match (d, sam_resource(sam_type(d), logical)) {
        (_, Some((id, ty, arn))) => {
            resources.push((id, ty));
            arn
        }
        (Destination::EventBridge, None) => {
            "!Sub arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default".into()
        }
        (d, None) => destination_arn(d, on),
    }
}

/// An AWS SAM template with the function's settings (`EventInvokeConfig`, `DeadLetterQueue`,
/// `ReservedConcurrentExecutions`, `Timeout`) and the queues and topics it sends to.
pub fn sam_template(s: &Scenario) -> String {
    let mut resources: Vec<(String, &'static str)> = Vec::new();
    let mut o = String::new();
    let mut line = |indent: usize, text: &str| {
        o.push_str(&" ".repeat(indent));
        o.push_str(text);
        o.push('\n');
    };
    line(0, "AWSTemplateFormatVersion: '2010-09-09'");
    line(0, "Transform: AWS::Serverless-2016-10-31");
    line(0, "Resources:");
    line(2, "MyFunction:");
    line(4, "Type: AWS::Serverless::Function");
    line(4, "Properties:");
    line(6, &format!("FunctionName: {FUNCTION_NAME}"));
    line(6, "Handler: index.handler");
    line(6, &format!("Runtime: {}", crate::records::RUNTIME));
    line(6, "CodeUri: src/");
    line(6, &format!("Timeout: {}", s.function.timeout_s));
    if let Some(n) = s.function.reserved_concurrency {
        line(6, &format!("ReservedConcurrentExecutions: {n}"));
    }
    if let Some(t) = s.dlq {
        let ty = match t {
            DlqTarget::Sqs => "SQS",
            DlqTarget::Sns => "SNS",
        };
        let (id, cfn, arn) = sam_resource(ty, "DeadLetterTarget").expect("SQS and SNS are declared");
        resources.push((id, cfn));
        line(6, "DeadLetterQueue:");
        line(8, &format!("Type: {ty}"));
        line(8, &format!("TargetArn: {arn}"));
    }
    line(6, "EventInvokeConfig:");
    line(8, &format!("MaximumRetryAttempts: {}", s.invoke_config.max_retry_attempts));
    line(8, &format!("MaximumEventAgeInSeconds: {}", s.invoke_config.max_event_age_s));
    if s.on_success.is_some() || s.on_failure.is_some() {
        line(8, "DestinationConfig:");
        for (d, on, name) in [(s.on_success, On::Success, "OnSuccess"), (s.on_failure, On::Failure, "OnFailure")] {
            if let Some(d) = d {
                let arn = sam_destination(d, on, &mut resources);
                line(10, &format!("{name}:"));
                line(12, &format!("Type: {}", sam_type(d)));
                line(12, &format!("Destination: {arn}"));
            }
        }
    }
    for (id, ty) in &resources {
        line(2, &format!("{id}:"));
        line(4, &format!("Type: {ty}"));
    }
    for service in services_of(s) {
        let d = service.def();
        o.push_str(&format!("# {} invokes asynchronously; connect it on its side: {}\n", d.aws_name, d.setup));
    }
    o.push_str(NOT_SETTINGS);
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{ErrorKind, FailureMode};

    #[test]
    fn every_source_of_the_scenario_is_named_with_its_setup_once() {
        use crate::scenario::Source;
        let sources =
            Service::ALL.into_iter().map(|service| Source { service, events: 1, start_ms: 0, every_ms: 0 }).collect();
        let mut s = Scenario { sources, ..Scenario::default() };
        s.sources.push(Source { service: Service::S3, events: 2, start_ms: 5, every_ms: 0 });
        let (cli, sam) = (aws_cli(&s), sam_template(&s));
        for service in Service::ALL {
            let d = service.def();
            let named = format!("# {} invokes asynchronously; connect it on its side: {}", d.aws_name, d.setup);
            assert_eq!(cli.matches(&named).count(), 1, "{}", d.id);
            assert_eq!(sam.matches(&named).count(), 1, "{}", d.id);
            if let Some(p) = d.principal {
                assert!(cli.contains(&format!("--principal {p}")), "{}", d.id);
            }
        }
        let only_s3 = aws_cli(&Scenario::default());
        assert!(only_s3.contains("--principal s3.amazonaws.com") && !only_s3.contains("sns.amazonaws.com"));
    }

    #[test]
    fn the_default_scenario_is_awss_default_config() {
        let cli = aws_cli(&Scenario::default());
        assert!(cli.contains("--maximum-retry-attempts 2 \\"));
        assert!(cli.contains("--maximum-event-age-in-seconds 21600\n"));
        assert!(!cli.contains("--destination-config"));
        assert!(cli.contains(r#"--dead-letter-config '{"TargetArn":""}'"#), "no DLQ removes one set before");
        assert!(cli.contains("delete-function-concurrency --function-name my-function"));
    }

    #[test]
    fn every_setting_appears_in_the_cli_commands() {
        let mut s = Scenario::default();
        s.invoke_config.max_retry_attempts = 1;
        s.invoke_config.max_event_age_s = 300;
        s.dlq = Some(DlqTarget::Sns);
        s.on_success = Some(Destination::EventBridge);
        s.on_failure = Some(Destination::S3);
        s.function.reserved_concurrency = Some(1);
        s.function.timeout_s = 30;
        s.function.failure = FailureMode::Always { error: ErrorKind::Timeout };
        let cli = aws_cli(&s);
        for want in [
            "aws lambda put-function-event-invoke-config \\",
            "--maximum-retry-attempts 1 \\",
            "--maximum-event-age-in-seconds 300 \\",
            r#"--destination-config '{"OnSuccess":{"Destination":"arn:aws:events:us-east-1:123456789012:event-bus/default"},"OnFailure":{"Destination":"arn:aws:s3:::my-function-on-failure-123456789012"}}'"#,
            "aws lambda update-function-configuration \\",
            "--timeout 30 \\",
            "--dead-letter-config TargetArn=arn:aws:sns:us-east-1:123456789012:my-function-dlq",
            "aws lambda put-function-concurrency \\",
            "--reserved-concurrent-executions 1",
        ] {
            assert!(cli.contains(want), "missing {want:?} in\n{cli}");
        }
        // Each command's continuation lines end in a backslash, its last line does not.
        for block in cli.split("\n\n") {
            let cmd: Vec<&str> = block.lines().filter(|l| !l.starts_with('#')).collect();
            if let Some((last, rest)) = cmd.split_last() {
                assert!(rest.iter().all(|l| l.ends_with(" \\")), "{block}");
                assert!(!last.ends_with('\\'), "{block}");
            }
        }
    }

    #[test]
    fn the_sam_template_declares_what_it_references() {
        let mut s = Scenario {
            dlq: Some(DlqTarget::Sqs),
            on_success: Some(Destination::Lambda),
            on_failure: Some(Destination::Sns),
            ..Scenario::default()
        };
        s.function.reserved_concurrency = Some(0);
        let sam = sam_template(&s);
        for want in [
            "Type: AWS::Serverless::Function",
            "      ReservedConcurrentExecutions: 0\n",
            "      DeadLetterQueue:\n        Type: SQS\n        TargetArn: !GetAtt DeadLetterTarget.Arn\n",
            "      EventInvokeConfig:\n        MaximumRetryAttempts: 2\n        MaximumEventAgeInSeconds: 21600\n",
            "          OnSuccess:\n            Type: Lambda\n            Destination: arn:aws:lambda:us-east-1:123456789012:function:my-function-on-success\n",
            "          OnFailure:\n            Type: SNS\n            Destination: !Ref OnFailureTarget\n",
            "  DeadLetterTarget:\n    Type: AWS::SQS::Queue\n",
            "  OnFailureTarget:\n    Type: AWS::SNS::Topic\n",
        ] {
            assert!(sam.contains(want), "missing {want:?} in\n{sam}");
        }
        let plain = sam_template(&Scenario::default());
        assert!(!plain.contains("DeadLetterQueue") && !plain.contains("DestinationConfig"));
        assert!(!plain.contains("ReservedConcurrentExecutions"));
    }
}
