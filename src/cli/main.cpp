// retrogait: the command-line front end. Thin: parses options, drives Simulation, prints.
// Exit codes: 0 the run completed (a fall is a result, reported in the output), 2 bad input,
// 1 an output could not be written.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli_commands.h"
#include "retrogait/core/log.h"

int main(int argc, char** argv) {
  retrogait::setLogHook([](retrogait::LogLevel level, const std::string& message) {
    if (level != retrogait::LogLevel::kInfo) std::cerr << "retrogait: " << message << '\n';
  });
  CLI::App app{
      "retrogait: a physics-based walker that walks forward and backward, level and on\n"
      "inclines, and reports its gait and (later) joint and muscle loads."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for all subcommands");
  retrogait::cli::Commands commands;
  commands.registerAll(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return commands.run();
}
