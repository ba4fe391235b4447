pub mod article;
pub mod text;
