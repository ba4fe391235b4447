//! Annotations: the model, the sidecar format and store, re-anchoring, and
//! export. No terminal types here.

pub mod agree;
pub mod anchor;
pub mod disk;
pub mod drafts;
pub mod edit;
pub mod export;
pub mod gitmerge;
pub mod merge;
pub mod model;
pub mod sidecar;
pub mod store;
pub mod summary;

pub use anchor::{Status, Target};
pub use model::{Anchor, Annotation, anchor_for};
pub use store::{NoteStore, NotesError, sidecar_beside};

#[cfg(test)]
mod tests;

#[cfg(test)]
mod span_tests;
