// A QApplication that can time every event its UI thread delivers, so that a stall report names
// what to fix (a paint, a queued call, a timer) instead of only its length. Between startTrace()
// and stopTrace(), the time between two beats of a heartbeat timer is one interval; the longest
// intervals are kept with the events delivered in them and, for each event, the longest event
// delivered inside it.
#pragma once

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

  void startTrace(const QObject* heartbeat) {
    heartbeat_ = heartbeat;
    intervals_.clear();
    open_ = {};
    open_.start_us = now_us();
    tracing_ = true;
  }
  void stopTrace() { tracing_ = false; }

  // The `count` longest intervals between heartbeats, longest first, one line each.
  QString report(size_t count) const {
    std::vector<Interval> sorted = intervals_;
    std::sort(sorted.begin(), sorted.end(),
              [](const Interval& a, const Interval& b) { return a.length_us > b.length_us; });
    QStringList lines;
    for (size_t i = 0; i < std::min(count, sorted.size()); ++i) {
      const Interval& interval = sorted[i];
      qint64 in_events = 0;
      QStringList events;
      for (const Delivery& event : interval.events) {
        in_events += event.length_us;
        if (events.size() == 3 || event.length_us < 1000) continue;
        QString line = QStringLiteral("%1 %2 ms").arg(event.what).arg(ms(event.length_us));
        if (!event.inner.isEmpty())
          line += QStringLiteral(" (inside: %1 %2 ms)").arg(event.inner).arg(ms(event.inner_us));
        events << line;
      }
      lines << QStringLiteral("  %1 ms at +%2 ms: %3 events %4 ms, outside events %5 ms; %6")
                   .arg(ms(interval.length_us))
                   .arg(interval.start_us / 1000)
                   .arg(interval.events.size())
                   .arg(ms(in_events))
                   .arg(ms(interval.length_us - in_events))
                   .arg(events.join("; "));
    }
    return lines.join('\n');
  }

  bool notify(QObject* receiver, QEvent* event) override {
    if (!tracing_ || QThread::currentThread() != thread())
      return QApplication::notify(receiver, event);
    const qint64 start = now_us();
    if (depth_ == 0 && receiver == heartbeat_ && event->type() == QEvent::Timer) beat(start);
    // Both may be gone after delivery (a deferred delete, a posted event).
    Target target{event->type(), receiver->metaObject()->className(), receiver->objectName()};
    if (target.object_name.isEmpty() && receiver->parent() != nullptr)
      target.object_name = QStringLiteral("in %1").arg(receiver->parent()->metaObject()->className());
    const int depth = depth_++;
    const bool result = QApplication::notify(receiver, event);
    --depth_;
    const qint64 length = now_us() - start;
    if (depth == 0) {
      current_.what = describe(target);
      current_.length_us = length;
      open_.events.push_back(current_);
      current_ = {};
    } else if (depth == 1 && length > current_.inner_us) {
      current_.inner = describe(target);
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
  struct Interval {
    qint64 start_us = 0;
    qint64 length_us = 0;
    std::vector<Delivery> events;
  };

  qint64 now_us() const { return clock_.nsecsElapsed() / 1000; }
  static QString ms(qint64 us) { return QString::number(us / 1000.0, 'f', 1); }

  struct Target {
    QEvent::Type type;
    const char* class_name;
    QString object_name;
  };

  static QString describe(const Target& target) {
    const char* type = QMetaEnum::fromType<QEvent::Type>().valueToKey(target.type);
    QString what = QString::fromLatin1(type != nullptr ? type : "Event") + ' ' +
                   QString::fromLatin1(target.class_name);
    if (!target.object_name.isEmpty()) what += '/' + target.object_name;
    return what;
  }

  void beat(qint64 now) {
    open_.length_us = now - open_.start_us;
    if (open_.length_us >= 15000) {
      std::sort(open_.events.begin(), open_.events.end(),
                [](const Delivery& a, const Delivery& b) { return a.length_us > b.length_us; });
      intervals_.push_back(std::move(open_));
    }
    open_ = {};
    open_.start_us = now;
  }

  QElapsedTimer clock_;
  bool tracing_ = false;
  const QObject* heartbeat_ = nullptr;
  int depth_ = 0;
  Delivery current_;
  Interval open_;
  std::vector<Interval> intervals_;
};
