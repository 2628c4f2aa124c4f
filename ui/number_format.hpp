// Numbers as the UI shows them.
#pragma once

#include <QLocale>
#include <QString>
#include <cstdint>

namespace embscope::ui {

// 1234567 -> "1,234,567" (in the user's locale).
inline QString grouped(int64_t value) {
  return QLocale::system().toString(static_cast<qlonglong>(value));
}

}  // namespace embscope::ui
