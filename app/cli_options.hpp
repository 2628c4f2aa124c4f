// The command lines of embscope-cli and embscope, parsed by CLI11 (Debian libcli11-dev). Options
// described by an OptionSpec (embscope/base/option_spec.hpp: trainer, corpus, PCA, neighbour
// query, evaluation, appearance) become flags of the same name in both executables, bound to the
// options struct's member, checked against the spec's range or choices, their help and default
// taken from the spec. Other options are plain named values and flags.
//
//   embscope::TrainerOptions options;
//   Command command("train");
//   command.options(embscope::trainer_option_specs(), options).values({"-o", "--output"});
//   command.parse(arguments);  // throws UsageError("--dim expects ...") or HelpShown
//   options.dim;               // the flag's value, or the struct's default
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "embscope/base/option_spec.hpp"

namespace embscope::cli {

// A wrong command line: the message names the option; the executables exit with status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// --help of a subcommand was asked for and printed: exit 0 without running it.
class HelpShown : public std::runtime_error {
 public:
  HelpShown() : std::runtime_error("help shown") {}
};

// "--dim", or "-k,--neighbors" when the spec has a one-letter alias: CLI11's name list.
template <class Spec>
std::string option_names(const Spec& spec) {
  std::string names = "--" + std::string(spec.name);
  if (spec.short_name != 0) names = std::string("-") + spec.short_name + "," + names;
  return names;
}

// A value as the help and the messages show it: 0.025, 1e-05, 100.
template <class T>
std::string shown_value(const T& value) {
  if constexpr (std::is_floating_point_v<T>) {
    std::ostringstream stream;
    stream << value;
    return stream.str();
  } else {
    return std::to_string(value);
  }
}

// What a spec accepts, in words: "an integer from 2 to 1000", "skipgram, cbow or sg".
template <class Spec>
std::string accepted(const Spec& spec) {
  using T = typename Spec::value_type;
  if constexpr (std::is_enum_v<T>) {
    std::string names;
    for (size_t i = 0; i < spec.choices.size(); ++i) {
      if (i > 0) names += i + 1 == spec.choices.size() ? " or " : ", ";
      names += spec.choices[i].name;
    }
    return names;
  } else {
    std::string text = std::is_integral_v<T> ? "an integer" : "a number";
    if (spec.min && spec.max) {
      text += " from " + shown_value(*spec.min) + " to " + shown_value(*spec.max);
    } else if (spec.min) {
      text += " of at least " + shown_value(*spec.min);
    } else if (spec.max) {
      text += " of at most " + shown_value(*spec.max);
    }
    return text;
  }
}

// The spec's default as the help shows it.
template <class Spec>
std::string default_text(const Spec& spec) {
  using T = typename Spec::value_type;
  if constexpr (std::is_enum_v<T>) {
    return std::string(spec.name_of(spec.default_value()));
  } else if constexpr (std::is_same_v<T, bool>) {
    return spec.default_value() ? "on" : "off";
  } else {
    return shown_value(spec.default_value());
  }
}

// Reads `text` as the spec's value type and checks it; throws UsageError naming the flag.
template <class Spec>
typename Spec::value_type parse_value(const Spec& spec, const std::string& text) {
  using T = typename Spec::value_type;
  const std::string flag = "--" + std::string(spec.name);
  const auto refuse = [&] {
    return UsageError(flag + " expects " + accepted(spec) + ", got '" + text.substr(0, 40) + "'");
  };
  if constexpr (std::is_enum_v<T>) {
    const auto value = spec.from_name(text);
    if (!value) throw refuse();
    return *value;
  } else {
    T value{};
    if constexpr (std::is_integral_v<T>) {
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size() || text.empty()) throw refuse();
    } else {
      size_t used = 0;
      double number = 0;
      try {
        number = std::stod(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != text.size() || text.empty()) throw refuse();
      value = static_cast<T>(number);
    }
    if (!spec.accepts(value)) throw refuse();
    return value;
  }
}

// One command line: spec-bound options, named values and flags, positional arguments.
class Command {
 public:
  explicit Command(const std::string& name, const std::string& description = {},
                   const std::string& positional_help = "files, words and expressions")
      : app_(description, name) {
    // Options are checked by the specs and by the commands (messages that say what is expected);
    // anything CLI11 does not know is reported as an unknown option, never silently dropped.
    app_.allow_extras(true);
    app_.positionals_at_end(false);
    app_.add_option("arguments", positional_, positional_help);
  }

  CLI::App& app() { return app_; }

  // Adds every spec of a tuple (std::tie(...)), each bound to its member of `target`, which must
  // outlive the parse.
  template <class Specs, class Options>
  Command& options(const Specs& specs, Options& target) {
    for_each_option(specs, [&](const auto& spec) { option(spec, target); });
    return *this;
  }

  template <class Spec>
  Command& option(const Spec& spec, typename Spec::options_type& target) {
    using T = typename Spec::value_type;
    T* member = &spec.of(target);
    std::string help(spec.help);
    if constexpr (std::is_same_v<T, bool>) {
      app_.add_flag_function(
          option_names(spec), [member](int64_t count) { *member = count > 0; }, help);
    } else {
      help += " (" + accepted(spec) + "; default " + default_text(spec) + ")";
      app_.add_option_function<std::string>(
              option_names(spec),
              [member, spec](const std::string& text) { *member = parse_value(spec, text); }, help)
          ->type_name(std::is_enum_v<T>       ? "NAME"
                      : std::is_integral_v<T> ? "INT"
                                              : "NUMBER");
    }
    return *this;
  }

  // Options that take a value, read back with value() under the same name ("-o" and "--output"
  // are two names: give "-o,--output" to have one).
  Command& values(std::initializer_list<std::string> names, const std::string& help = {}) {
    for (const auto& name : names) {
      const std::string key =
          name.substr(name.rfind(',') == std::string::npos ? 0 : name.rfind(',') + 1);
      app_.add_option_function<std::string>(
          name, [this, key](const std::string& text) { values_[key] = text; }, help);
    }
    return *this;
  }

  Command& flags(std::initializer_list<std::string> names, const std::string& help = {}) {
    for (const auto& name : names) flags_[name] = app_.add_flag(name, help);
    return *this;
  }

  // Parses the arguments after the command name. Throws UsageError (unknown option, missing or
  // wrong value) or HelpShown (after printing the help on stdout).
  void parse(const std::vector<std::string>& arguments) {
    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
    try {
      app_.parse(reversed);
    } catch (const CLI::CallForHelp&) {
      std::fputs(app_.help().c_str(), stdout);
      throw HelpShown();
    } catch (const CLI::ArgumentMismatch& error) {
      throw UsageError(first_word(error.what()) + " needs a value");
    } catch (const CLI::ParseError& error) {
      throw UsageError(error.what());
    }
    for (const std::string& extra : app_.remaining()) {
      const size_t equals = extra.find('=');
      throw UsageError("unknown option " + extra.substr(0, equals));
    }
  }

  const std::vector<std::string>& positional() const { return positional_; }
  bool flag(const std::string& name) const {
    const auto it = flags_.find(name);
    return it != flags_.end() && it->second->count() > 0;
  }
  std::optional<std::string> value(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  std::string value_or(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
  }
  long long integer(const std::string& name, long long fallback) const {
    const auto text = value(name);
    return text ? parse_integer(name, *text) : fallback;
  }
  double real(const std::string& name, double fallback) const {
    const auto text = value(name);
    if (!text) return fallback;
    size_t used = 0;
    double result = 0;
    try {
      result = std::stod(*text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text->size()) throw UsageError(name + " expects a number, got '" + *text + "'");
    return result;
  }
  static long long parse_integer(const std::string& name, const std::string& text) {
    long long result = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), result);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
      throw UsageError(name + " expects an integer, got '" + text + "'");
    return result;
  }

 private:
  static std::string first_word(const std::string& text) {
    return text.substr(0, text.find_first_of(": "));
  }

  CLI::App app_;
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
  std::map<std::string, CLI::Option*> flags_;
};

// Help lines for the specs of a tuple, for a usage text: "  --dim INT  vector dimension (...)".
template <class Specs>
std::string option_help(const Specs& specs) {
  std::string text;
  for_each_option(specs, [&](const auto& spec) {
    using T = typename std::decay_t<decltype(spec)>::value_type;
    std::string names = option_names(spec);
    std::replace(names.begin(), names.end(), ',', ' ');
    if constexpr (!std::is_same_v<T, bool>)
      names += std::is_enum_v<T> ? " NAME" : std::is_integral_v<T> ? " N" : " X";
    std::string line = "  " + names;
    line += std::string(line.size() < 22 ? 22 - line.size() : 1, ' ');
    line += std::string(spec.help);
    if constexpr (!std::is_same_v<T, bool>)
      line += " (" + accepted(spec) + "; default " + default_text(spec) + ")";
    text += line + "\n";
  });
  return text;
}

}  // namespace embscope::cli
