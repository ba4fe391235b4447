//! hamish (هامش, "margin"): a terminal reader for Arabic articles with
//! margin notes. `text`, `article` never touch the terminal; `tui` is a thin
//! layer over them.

pub mod article;
pub mod cli;
pub mod config;
pub mod digest;
pub mod files;
pub mod keys;
pub mod notes;
pub mod places;
pub mod termenv;
pub mod text;
pub mod tui;
