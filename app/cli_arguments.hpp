// A small command-line parser for embscope-cli's subcommands: `--name value`, `--name=value`,
// boolean `--flag`, short aliases, and positional arguments, with errors that name the option.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace embscope::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  // value_options take a value; flags do not. Aliases map a short name ("-k") to a long one.
  Arguments(const std::vector<std::string>& args, const std::set<std::string>& value_options,
            const std::set<std::string>& flags = {},
            const std::map<std::string, std::string>& aliases = {}) {
    for (size_t i = 0; i < args.size(); ++i) {
      std::string arg = args[i];
      if (auto alias = aliases.find(arg); alias != aliases.end()) arg = alias->second;
      if (arg.size() < 2 || arg[0] != '-' || arg == "-" || is_number(arg)) {
        positional_.push_back(arg);
        continue;
      }
      std::string value;
      bool has_value = false;
      if (const size_t equals = arg.find('='); equals != std::string::npos) {
        value = arg.substr(equals + 1);
        arg = arg.substr(0, equals);
        has_value = true;
      }
      if (flags.count(arg) != 0) {
        if (has_value) throw UsageError(arg + " takes no value");
        flags_.insert(arg);
      } else if (value_options.count(arg) != 0) {
        if (!has_value) {
          if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
          value = args[++i];
        }
        values_[arg] = value;
      } else {
        throw UsageError("unknown option " + arg);
      }
    }
  }

  const std::vector<std::string>& positional() const { return positional_; }
  bool flag(const std::string& name) const { return flags_.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  std::string value_or(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
  }
  long long integer(const std::string& name, long long fallback) const {
    const auto text = value(name);
    if (!text) return fallback;
    return parse_integer(name, *text);
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
    size_t used = 0;
    long long result = 0;
    try {
      result = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || text.empty()) {
      throw UsageError(name + " expects an integer, got '" + text + "'");
    }
    return result;
  }

 private:
  static bool is_number(const std::string& text) {
    return text.size() > 1 && text[0] == '-' &&
           (std::isdigit(static_cast<unsigned char>(text[1])) || text[1] == '.');
  }

  std::vector<std::string> positional_;
  std::set<std::string> flags_;
  std::map<std::string, std::string> values_;
};

}  // namespace embscope::cli
