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
                    hamish::termenv::size().map_or(80, |(w, _)| usize::from(w.max(2)))
                }
                None => 80,
            };
            let config = load_config(Some(corpus_dir(&file)));
            let opts = display.options(&config.display);
            let to_terminal = std::io::stdout().is_terminal();
            // `auto` to a pipe: the lines as they are shown, no escape byte.
            let choice = match display.bidi(&config.display) {
                hamish::text::terminal::BidiChoice::Auto if !to_terminal => {
                    hamish::text::terminal::BidiChoice::App
                }
                c => c,
            };
            let (bidi, _) = hamish::termenv::choose_here(choice);
            // To a terminal that may reorder text itself (VTE, in implicit
            // mode), ask it not to while the lines go out, and give it its
            // mode back after; to a pipe, no escape byte at all.
            let explicit = bidi.reorder.is_none() && to_terminal;
            if explicit {
                print!("{}", hamish::termenv::BIDI_EXPLICIT);
            }
            let rendered = cli::render(&file, width, opts, bidi.reorder, std::io::stdout().lock());
            if explicit {
                print!("{}", hamish::termenv::BIDI_IMPLICIT);
                let _ = std::io::Write::flush(&mut std::io::stdout());
            }
            let invalid = rendered?;
            if invalid > 0 {
                eprintln!(
                    "hamish: {}: {invalid} invalid UTF-8 sequence(s) shown as \u{FFFD}",
                    hamish::text::display::display_path(&file)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search {
            path,
            query,
            json,
            strict,
            ta_marbuta,
            words,
        }) => {
            let how = hamish::text::fold::Fold {
                strict,
                ta_marbuta,
                words,
            };
            // As grep and ripgrep: 0 found, 1 not found, 2 an error.
            match cli::search::search(
                &path,
                &query,
                how,
                json,
                std::io::stdout().lock(),
                std::io::stderr(),
            ) {
                Ok(0) => Ok(ExitCode::FAILURE),
                Ok(_) => Ok(ExitCode::SUCCESS),
                Err(e) if cli::is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
                Err(e) => {
                    eprintln!(
                        "hamish: {}",
                        hamish::text::sanitize::shown(&format!("{e:#}"))
                    );
                    Ok(ExitCode::from(2))
                }
            }
        }
        Some(Command::List { dir, json }) => {
            cli::list(&dir, json, std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Annotate {
            file,
            paragraph,
            quote,
            occurrence,
            article,
            tags,
            note,
            remove,
            wait,
            author,
        }) => {
            let config = load_config(file.parent());
            let drafts = hamish::places::drafts_dir();
            let target = match (paragraph, article) {
                (Some(n), _) => cli::annotate::Target::Paragraph {
                    number: n,
                    quote: quote.as_deref(),
                    occurrence: occurrence.map_or(1, |k| usize::try_from(k).unwrap_or(usize::MAX)),
                },
                (None, _) => cli::annotate::Target::Article,
            };
            let args = cli::annotate::AnnotateArgs {
                file: &file,
                target,
                tags: &tags,
                note: note.as_deref(),
                remove,
                patience: std::time::Duration::from_secs(wait),
                drafts: drafts.as_deref(),
                author: author.as_deref(),
            };
            cli::annotate::annotate(args, &config, std::io::stdout().lock(), std::io::stderr())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export {
            path,
            format,
            output,
            bom,
            base_iri,
        }) => {
            let config = load_config(Some(corpus_dir(&path)));
            let opts = cli::export::Options {
                base_iri,
                bom,
                to_terminal: output.is_none() && std::io::stdout().is_terminal(),
            };
            cli::export::export(
                &path,
                format,
                output.as_deref(),
                opts,
                &config,
                std::io::stdout().lock(),
                std::io::stderr(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Agree {
            path,
            tag,
            authors,
            format,
        }) => {
            let opts = cli::agree::Options {
                tag: tag.as_deref(),
                authors: &authors,
                format,
                to_terminal: std::io::stdout().is_terminal(),
            };
            cli::agree::agree(&path, &opts, std::io::stdout().lock(), std::io::stderr())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Doctor {
            path,
            terminal,
            calibrate,
            wait,
        }) => {
            if calibrate {
                cli::calibrate::calibrate_here()?;
                return Ok(ExitCode::SUCCESS);
            }
            if terminal || path.is_none() {
                let mode = hamish::termenv::query_bidi_mode();
                let var = |k: &str| std::env::var(k).ok();
                let terminal = hamish::termenv::identify(&var);
                let config = load_config(path.as_deref().map(corpus_dir));
                let (chosen, warning) =
                    hamish::termenv::choose_here(config.display.bidi.unwrap_or_default());
                if let Some(w) = warning {
                    eprintln!("hamish: {w}");
                }
                print!(
                    "{}",
                    hamish::termenv::report(mode, &terminal, &chosen, &var)
                );
            }
            if let Some(path) = path {
                let sum = cli::doctor::doctor(
                    &path,
                    std::time::Duration::from_secs(wait),
                    std::io::stdout().lock(),
                )?;
                if sum.errors > 0 || sum.refused > 0 {
                    return Ok(ExitCode::FAILURE);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::MergeSidecar {
            base,
            ours,
            theirs,
            path,
        }) => match cli::git::merge_sidecar(&base, &ours, &theirs, path.as_deref()) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => {
                eprintln!("hamish: {e:#}");
                Ok(ExitCode::FAILURE)
            }
        },
        Some(Command::GitSetup { corpus }) => {
            for line in cli::git::setup(&corpus)? {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "hamish", &mut std::io::stdout().lock());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        None => hamish::tui::run(cli.path, cli.display),
    }
}

/// The folder whose `hamish.toml` applies to `path`.
fn corpus_dir(path: &std::path::Path) -> &std::path::Path {
    if path.is_dir() {
        path
    } else {
        hamish::files::folder_of(path)
    }
}

/// Config for a command, with its warnings on stderr.
fn load_config(corpus: Option<&std::path::Path>) -> hamish::config::Config {
    let (config, warnings) = hamish::config::load(corpus);
    for w in warnings {
        eprintln!("hamish: {w}");
    }
    config
}
