//! One integration test binary (fewer link steps): conformance, the CLI,
//! properties, and the real binary in a pseudo-terminal.

mod annotations;
mod bidi_conformance;
mod cli;
mod exports;
mod git;
mod notes;
mod phrases_pty;
mod properties;
mod pty;
mod reordering_pty;
mod store;
mod store_pty;
mod theme_pty;
