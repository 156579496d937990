use clap::Parser;

fn main() {
    let cli = trailmark::cli::Cli::parse();
    std::process::exit(trailmark::commands::run(cli));
}
