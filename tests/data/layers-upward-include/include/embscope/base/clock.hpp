// A base header that includes a training header: core.layer_order must refuse it.
#pragma once
#include "embscope/training/corpus.hpp"
