//! The idempotent handler's store of keys: which payloads have had their side effect.
//!
//! The key is the payload's (the S3 object, the SNS `MessageId`, the EventBridge `id`…), not the
//! invocation's: a retry, a duplicate delivery and a reprocessed DLQ message all carry the same
//! payload and so the same key ([`crate::function::performs_side_effect`]). Every payload comes
//! from a source's event, so a key is a (source, index) pair: one bit per event the sources send,
//! allocated only when some version of the handler in the run is idempotent.

use crate::engine::KEY_SOURCE_SHIFT;
use crate::scenario::Scenario;

pub(super) struct KeyStore {
    /// Where each source's bits start.
    offsets: Vec<usize>,
    bits: Vec<u64>,
}

impl KeyStore {
    pub(super) fn new(s: &Scenario) -> Self {
        let idempotent = s.settings_over_run().any(|set| set.function.idempotent);
        if !idempotent {
            return KeyStore { offsets: Vec::new(), bits: Vec::new() };
        }
        let mut offsets = Vec::with_capacity(s.sources.len());
        let mut total = 0usize;
        for src in &s.sources {
            offsets.push(total);
            total += src.events as usize;
        }
        KeyStore { offsets, bits: vec![0; total.div_ceil(64)] }
    }

    fn bit(&self, payload_key: u32) -> usize {
        let source = (payload_key >> KEY_SOURCE_SHIFT) as usize;
        self.offsets[source] + (payload_key & ((1 << KEY_SOURCE_SHIFT) - 1)) as usize
    }

    /// Whether the key has been recorded.
    pub(super) fn holds(&self, payload_key: u32) -> bool {
        let b = self.bit(payload_key);
        self.bits[b / 64] & (1 << (b % 64)) != 0
    }

    /// Records the key.
    pub(super) fn record(&mut self, payload_key: u32) {
        let b = self.bit(payload_key);
        self.bits[b / 64] |= 1 << (b % 64);
    }
}
