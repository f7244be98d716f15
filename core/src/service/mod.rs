//! The services that invoke a function asynchronously, each one definition.
//!
//! A service is everything the lab knows of it in one [`ServiceDef`], in a file of its own: its
//! scenario id, AWS's name for it, how it invokes the function, the event it sends (in AWS's
//! shape, checked against `aws_lambda_events` in the tests), its icon as drawing data, and its words
//! in English and Korean. The list of services is [`Service::ALL`], written once in the
//! `services!` invocation below; counts, tallies, the scenario reader, the link codec and every part
//! of the page iterate that list or index a [`PerService`] table by it, so adding a service is
//! adding its file and one line here (`docs/adding-a-service.md`).

use std::ops::{Index, IndexMut};

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::payload::EventInput;

mod codecommit;
mod codepipeline;
mod eventbridge;
mod iot;
mod s3;
mod ses;
mod sns;

/// How many tokens it is given: the length of the services' list, counted, not spelled.
macro_rules! count {
    () => { 0 };
    ($head:ident $($tail:ident)*) => { 1 + count!($($tail)*) };
}

/// Declares [`Service`], its list and its definitions from one list of `Variant => module`.
macro_rules! services {
    ($($variant:ident => $module:ident),+ $(,)?) => {
        /// Who invokes the function asynchronously. Each variant's definition is `DEF` in the
        /// module of the same name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Service {
            $(#[doc = concat!("See [`", stringify!($module), "`](self) `DEF`.")] $variant),+
        }

        impl Service {
            /// Every service, in the order the page lists them.
            pub const ALL: [Service; count!($($variant)+)] = [$(Service::$variant),+];

            /// Everything the lab knows of this service.
            pub const fn def(self) -> &'static ServiceDef {
                match self {
                    $(Service::$variant => &$module::DEF),+
                }
            }
        }
    };
}

services! {
    S3 => s3,
    Sns => sns,
    EventBridge => eventbridge,
    Ses => ses,
    CodeCommit => codecommit,
    CodePipeline => codepipeline,
    Iot => iot,
}

/// How many services there are: the size of every per-service table.
pub const SERVICE_COUNT: usize = Service::ALL.len();

impl Service {
    /// The scenario id (`"s3"`, `"eventbridge"`, …): JSON, links and reports spell it so.
    pub fn name(self) -> &'static str {
        self.def().id
    }

    /// The service whose scenario id is `name`.
    pub fn from_name(name: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Position in [`Service::ALL`]: the `services!` list numbers the variants in that order.
    pub const fn position(self) -> usize {
        self as usize
    }

    /// The event this service sends (see [`crate::payload::event_payload`]).
    pub fn payload(self, input: &EventInput) -> Value {
        (self.def().payload)(input)
    }
}

impl Serialize for Service {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A text in each of the page's languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    /// English.
    pub en: &'static str,
    /// Korean.
    pub ko: &'static str,
}

/// A 32×32 icon as data, drawn by the page on a rounded square of `background`: `stroke` is a path
/// drawn in white lines, `fill` a path filled white. Simple shapes in the spirit of the AWS
/// architecture icons, not copies of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Icon {
    /// The square's colour (`#rrggbb`).
    pub background: &'static str,
    /// SVG path data of the white lines.
    pub stroke: &'static str,
    /// SVG path data of the white shapes (may be empty).
    pub fill: &'static str,
}

/// Everything the lab knows of one service that invokes asynchronously.
#[derive(Clone, Copy, Debug)]
pub struct ServiceDef {
    /// The scenario id, in JSON, links and reports.
    pub id: &'static str,
    /// AWS's name for the service.
    pub aws_name: &'static str,
    /// The short name events are called by ("S3 event #3").
    pub short_name: &'static str,
    /// The Lambda Developer Guide page on using the function with this service.
    pub docs: &'static str,
    /// What the stage calls the source ("S3 bucket").
    pub label: Words,
    /// What triggers the invocation, in a line ("an event notification (ObjectCreated:Put) per upload").
    pub trigger: Words,
    /// Where the source is connected to the function, on the source's side (what "show as code"
    /// lists: it is not a setting of the function).
    pub setup: &'static str,
    /// The service principal that the function's resource-based policy must allow
    /// (`aws lambda add-permission --principal …`); `None` where the service calls `Invoke` with a
    /// role of its own instead (CodePipeline).
    pub principal: Option<&'static str>,
    /// Something a learner must know about this source beyond the asynchronous rules, if any
    /// (the why panel says it).
    pub caveat: Option<Words>,
    /// Where a handler finds a key to make its work idempotent, in the event's own field names.
    pub idempotency_key: &'static str,
    /// The icon.
    pub icon: Icon,
    /// Builds the event (pure: the same input gives the same event).
    pub payload: fn(&EventInput) -> Value,
}

/// One value per service, indexed by [`Service`]: counts and tallies without positions spelled by
/// hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PerService<T>([T; SERVICE_COUNT]);

impl<T: Default> Default for PerService<T> {
    fn default() -> Self {
        PerService(std::array::from_fn(|_| T::default()))
    }
}

impl<T> PerService<T> {
    /// A table with `f(service)` for each service.
    pub fn from_fn(mut f: impl FnMut(Service) -> T) -> Self {
        PerService(std::array::from_fn(|i| f(Service::ALL[i])))
    }

    /// Each service with its value, in [`Service::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Service, &T)> {
        Service::ALL.into_iter().zip(&self.0)
    }
}

impl<T> Index<Service> for PerService<T> {
    type Output = T;
    fn index(&self, s: Service) -> &T {
        &self.0[s.position()]
    }
}

impl<T> IndexMut<Service> for PerService<T> {
    fn index_mut(&mut self, s: Service) -> &mut T {
        &mut self.0[s.position()]
    }
}

/// How a popular source that does *not* invoke asynchronously invokes the function instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OtherInvocation {
    /// Lambda polls the queue or stream through an event source mapping and invokes the function
    /// synchronously; retries follow the source's rules, not the asynchronous ones.
    EventSourceMapping,
    /// The caller invokes with `RequestResponse` and waits for the result.
    Synchronous,
}

/// Popular event sources that are often taken for asynchronous ones, and how they really invoke.
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html>,
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-sync.html>
pub const NOT_ASYNCHRONOUS: &[(&str, OtherInvocation)] = &[
    ("Amazon SQS", OtherInvocation::EventSourceMapping),
    ("Amazon Kinesis", OtherInvocation::EventSourceMapping),
    ("Amazon DynamoDB Streams", OtherInvocation::EventSourceMapping),
    ("Amazon API Gateway", OtherInvocation::Synchronous),
    ("Application Load Balancer", OtherInvocation::Synchronous),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_the_list() {
        for (i, s) in Service::ALL.iter().enumerate() {
            assert_eq!(s.position(), i);
            assert_eq!(Service::from_name(s.name()), Some(*s));
        }
    }

    #[test]
    fn ids_and_names_are_unique() {
        for (i, a) in Service::ALL.iter().enumerate() {
            for b in &Service::ALL[i + 1..] {
                assert_ne!(a.def().id, b.def().id);
                assert_ne!(a.def().short_name, b.def().short_name);
                assert_ne!(a.def().icon, b.def().icon);
            }
        }
    }

    #[test]
    fn every_definition_has_its_words_and_a_guide_page() {
        for s in Service::ALL {
            let d = s.def();
            for w in [d.label, d.trigger].into_iter().chain(d.caveat) {
                assert!(!w.en.is_empty() && !w.ko.is_empty(), "{}", d.id);
            }
            assert!(d.docs.starts_with("https://docs.aws.amazon.com/"), "{}", d.id);
            assert!(!d.icon.stroke.is_empty() && d.icon.background.starts_with('#'), "{}", d.id);
        }
    }
}
