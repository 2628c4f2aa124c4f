// OptionSpec: one option of an options struct, described once (f3d's "options declared once").
//
// The struct keeps its default as the member's initializer; the spec, declared next to it, gives
// the option's name (the CLI long name without "--", also the session/JSON key), a one-line
// help, the inclusive range of a number or the accepted names of an enum, and the member it is
// bound to. The CLI flags (app/cli_options.hpp), the GUI panels' spin boxes and the session file
// are derived from these specs, so a default, range or name is changed in one place.
//
//   struct TrainerOptions { int dim = 100; ... };
//   inline constexpr OptionSpec<TrainerOptions, int> kDimOption{
//       .name = "dim", .help = "vector dimension", .member = &TrainerOptions::dim,
//       .min = 1, .max = 1000};
//   kDimOption.default_value();      // 100, read from TrainerOptions{}
//   kDimOption.accepts(2000);        // false: outside [1, 1000]
//   for_each_option(std::tie(kDimOption, ...), [](const auto& spec) { ... });
//
// Specs are literal types (constexpr): string views, a member pointer, optional bounds and a span
// over a constexpr array of choices. Only C++20, no Qt.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace embscope {

// An accepted name of an enum option and the value it stands for. An option's first choice with
// a given value is that value's canonical name (what the CLI's help and a session file write);
// later ones are aliases accepted on input ("sg" for "skipgram").
template <class T>
struct OptionChoice {
  std::string_view name;
  T value;
};

template <class Options, class T>
struct OptionSpec {
  using options_type = Options;
  using value_type = T;

  std::string_view name;  // CLI long name without "--"; also the JSON key
  std::string_view help;  // one line, no trailing full stop, no default (derived)
  T Options::*member = nullptr;
  std::optional<T> min = std::nullopt;  // numbers: inclusive bounds, none = unbounded
  std::optional<T> max = std::nullopt;
  std::span<const OptionChoice<T>> choices = {};  // enums: every accepted name
  char short_name = 0;                            // a one-letter CLI alias ('k'), or 0

  // The default is the struct's own member initializer: declared once, there.
  constexpr T default_value() const { return Options{}.*member; }
  constexpr T& of(Options& options) const { return options.*member; }
  constexpr const T& of(const Options& options) const { return options.*member; }

  // Within [min, max] and, for an enum, one of the choices' values.
  constexpr bool accepts(const T& value) const {
    if constexpr (std::is_arithmetic_v<T>) {
      if (min && value < *min) return false;
      if (max && value > *max) return false;
    }
    if (choices.empty()) return true;
    for (const auto& choice : choices)
      if (choice.value == value) return true;
    return false;
  }

  // The value of an accepted name (exact match), or nullopt.
  constexpr std::optional<T> from_name(std::string_view text) const {
    for (const auto& choice : choices)
      if (choice.name == text) return choice.value;
    return std::nullopt;
  }

  // The canonical name of a value (its first choice); empty when it has none.
  constexpr std::string_view name_of(const T& value) const {
    for (const auto& choice : choices)
      if (choice.value == value) return choice.name;
    return {};
  }
};

// Calls f(spec) for each spec of a tuple (std::tie(kDim, kWindow, ...)), in order.
template <class Specs, class F>
constexpr void for_each_option(const Specs& specs, F&& f) {
  std::apply([&](const auto&... spec) { (f(spec), ...); }, specs);
}

// Whether every spec of the tuple accepts its own default: the test a new spec should pass.
template <class Specs>
constexpr bool defaults_are_accepted(const Specs& specs) {
  bool all = true;
  for_each_option(specs,
                  [&](const auto& spec) { all = all && spec.accepts(spec.default_value()); });
  return all;
}

}  // namespace embscope
