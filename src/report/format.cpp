#include "report/format.h"

#include <cmath>
#include <cstdio>

namespace perfwarden::report {

std::string format_duration_ns(double ns) {
  char text[32];
  if (!std::isfinite(ns)) return "-";
  if (ns < 1e3) {
    std::snprintf(text, sizeof text, "%.1f ns", ns);
  } else if (ns < 1e6) {
    std::snprintf(text, sizeof text, "%.2f µs", ns / 1e3);
  } else if (ns < 1e9) {
    std::snprintf(text, sizeof text, "%.2f ms", ns / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", ns / 1e9);
  }
  return text;
}

std::string format_count(double count) {
  char text[32];
  if (!std::isfinite(count)) return "-";
  if (count < 1e4) {
    std::snprintf(text, sizeof text, "%.0f", count);
  } else if (count < 1e6) {
    std::snprintf(text, sizeof text, "%.2f k", count / 1e3);
  } else if (count < 1e9) {
    std::snprintf(text, sizeof text, "%.2f M", count / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.2f G", count / 1e9);
  }
  return text;
}

std::string format_metric_value(const std::string& metric, double value) {
  return metric == "instructions" ? format_count(value) + " instr" : format_duration_ns(value);
}

std::string format_change(double ratio) {
  char text[32];
  if (!std::isfinite(ratio)) return "-";
  double percent = (ratio - 1.0) * 100.0;
  if (std::fabs(percent) >= 100.0) {
    std::snprintf(text, sizeof text, "%+.0f%%", percent);
  } else {
    std::snprintf(text, sizeof text, "%+.1f%%", percent);
  }
  return text;
}

std::string format_interval(double low, double high) {
  return "[" + format_change(low) + ", " + format_change(high) + "]";
}

std::string format_threshold(double threshold) {
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", threshold * 100.0);
  return text;
}

std::string short_id(const std::string& id) { return id.substr(0, 12); }

}  // namespace perfwarden::report
