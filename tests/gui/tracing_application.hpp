// A QApplication that can time every event its UI thread delivers, so that a stall report names
// what to fix (a paint, a queued call, a timer) instead of only its length. Between startTrace()
// and stopTrace() each busy stretch of the event loop (from waking to waiting again) is kept
// with its outermost events and, for each, the longest event delivered inside it.
#pragma once

#include <QAbstractEventDispatcher>
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QMetaEnum>
#include <QString>
#include <QStringList>
#include <QThread>
#include <algorithm>
#include <vector>

class TracingApplication : public QApplication {
 public:
  TracingApplication(int& argc, char** argv) : QApplication(argc, argv) { clock_.start(); }

  void startTrace() {
    busy_.clear();
    open_ = {};
    open_.start_us = now_us();
    tracing_ = true;
    if (!connected_) {
      auto* dispatcher = QAbstractEventDispatcher::instance();
      connect(dispatcher, &QAbstractEventDispatcher::awake, this, [this] { wake(); });
      connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [this] { block(); });
      connected_ = true;
    }
  }
  void stopTrace() { tracing_ = false; }

  // The `count` longest busy stretches, longest first, one line each.
  QString report(size_t count) const {
    std::vector<Busy> sorted = busy_;
    std::sort(sorted.begin(), sorted.end(),
              [](const Busy& a, const Busy& b) { return a.length_us > b.length_us; });
    QStringList lines;
    for (size_t i = 0; i < std::min(count, sorted.size()); ++i) {
      const Busy& busy = sorted[i];
      QStringList events;
      for (size_t e = 0; e < std::min<size_t>(3, busy.events.size()); ++e) {
        const Delivery& event = busy.events[e];
        QString line = QStringLiteral("%1 %2 ms").arg(event.what).arg(event.length_us / 1000.0);
        if (!event.inner.isEmpty())
          line += QStringLiteral(" (inside: %1 %2 ms)")
                      .arg(event.inner)
                      .arg(event.inner_us / 1000.0, 0, 'f', 1);
        events << line;
      }
      lines << QStringLiteral("  busy %1 ms at +%2 ms, %3 events: %4")
                   .arg(busy.length_us / 1000.0, 0, 'f', 1)
                   .arg(busy.start_us / 1000)
                   .arg(busy.event_count)
                   .arg(events.join("; "));
    }
    return lines.join('\n');
  }

  bool notify(QObject* receiver, QEvent* event) override {
    if (!tracing_ || QThread::currentThread() != thread())
      return QApplication::notify(receiver, event);
    const qint64 start = now_us();
    const int depth = depth_++;
    const bool result = QApplication::notify(receiver, event);
    --depth_;
    const qint64 length = now_us() - start;
    if (depth == 0) {
      ++open_.event_count;
      if (length >= 1000) {
        current_.what = describe(receiver, event);
        current_.length_us = length;
        open_.events.push_back(current_);
      }
      current_ = {};
    } else if (depth == 1 && length > current_.inner_us) {
      current_.inner = describe(receiver, event);
      current_.inner_us = length;
    }
    return result;
  }

 private:
  struct Delivery {
    QString what;
    qint64 length_us = 0;
    QString inner;
    qint64 inner_us = 0;
  };
  struct Busy {
    qint64 start_us = 0;
    qint64 length_us = 0;
    int event_count = 0;
    std::vector<Delivery> events;
  };

  qint64 now_us() const { return clock_.nsecsElapsed() / 1000; }

  static QString describe(QObject* receiver, QEvent* event) {
    const char* type = QMetaEnum::fromType<QEvent::Type>().valueToKey(event->type());
    QString what = QString::fromLatin1(type != nullptr ? type : "Event") + ' ' +
                   QString::fromLatin1(receiver->metaObject()->className());
    if (!receiver->objectName().isEmpty()) what += '/' + receiver->objectName();
    return what;
  }

  void wake() {
    if (!tracing_) return;
    open_ = {};
    open_.start_us = now_us();
  }

  void block() {
    if (!tracing_) return;
    open_.length_us = now_us() - open_.start_us;
    if (open_.length_us >= 5000) {
      std::sort(open_.events.begin(), open_.events.end(),
                [](const Delivery& a, const Delivery& b) { return a.length_us > b.length_us; });
      busy_.push_back(open_);
    }
    open_ = {};
    open_.start_us = now_us();
  }

  QElapsedTimer clock_;
  bool tracing_ = false;
  bool connected_ = false;
  int depth_ = 0;
  Delivery current_;
  Busy open_;
  std::vector<Busy> busy_;
};
