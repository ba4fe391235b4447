use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use hamish::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hamish: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Render {
            file,
            width,
            display,
        }) => {
            let width = match width {
                Some(w) => usize::from(w),
                None if std::io::stdout().is_terminal() => {
                    crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w.max(2)))
                }
                None => 80,
            };
            let invalid = cli::render(&file, width, display.options(), std::io::stdout().lock())?;
            if invalid > 0 {
                eprintln!(
                    "hamish: {}: {invalid} invalid UTF-8 sequence(s) shown as \u{FFFD}",
                    hamish::article::display_path(&file)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List { dir, json }) => {
            cli::list(&dir, json, std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        None => hamish::tui::run(cli.path, cli.display),
    }
}
