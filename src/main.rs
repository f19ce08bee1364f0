//! The huizong binary: parse arguments, run, print errors, pick the exit code.

use std::process::ExitCode;

use clap::Parser;
use huizong::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            return match cli::translate_clap_error(&err) {
                None => {
                    let _ = err.print();
                    ExitCode::SUCCESS
                }
                Some(message) => {
                    eprintln!("错误：{message}");
                    ExitCode::from(2)
                }
            };
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli::run(cli, &mut out) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::ProblemsFound) => ExitCode::from(1),
        Err(err) => {
            eprintln!("错误：{err}");
            ExitCode::from(2)
        }
    }
}
