#pragma once

#include <string>

namespace CLI {
class App;
}

namespace perfwarden::cli {

// A bash completion script for `app`, walked from its own definition (subcommands at any depth,
// their long options, the choices of options that list them, files for the other values), so
// it can never fall behind the commands. Installed by the package; also `perfwarden completion
// bash`.
std::string bash_completion_script(const CLI::App& app);

}  // namespace perfwarden::cli
