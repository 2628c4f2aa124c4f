// Allowed: a base source including its own area.
#include "embscope/base/clock.hpp"
